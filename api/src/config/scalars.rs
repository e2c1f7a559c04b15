//! Parsers of the plain settings: durations and address ranges.

use ipnet::IpNet;

pub(super) fn parse_cidr(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| "expected a CIDR such as 10.0.0.0/8 or an IP address".into())
}

pub(super) fn parse_ttl(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("expected a whole number of seconds greater than 0".into()),
    }
}

pub(super) fn parse_seconds(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err("expected a whole number of seconds (0 or more)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        assert!(parse_ttl("0").is_err());
        assert!(parse_ttl("abc").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_cidr("10.0.0.0/8").is_ok());
        assert!(parse_cidr("not-a-net").is_err());
    }
}
