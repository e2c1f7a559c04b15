from enum import Enum


class Step(str, Enum):
    CONSENT = "consent"
    LOGIN = "login"
    OTP = "otp"

    def __str__(self) -> str:
        return str(self.value)
