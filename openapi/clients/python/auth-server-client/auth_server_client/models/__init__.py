"""Contains all the data models used in inputs/outputs"""

from .admin_user import AdminUser
from .audit_entry import AuditEntry
from .audit_page import AuditPage
from .authenticator_status import AuthenticatorStatus
from .authorize_form import AuthorizeForm
from .client_change import ClientChange
from .client_view import ClientView
from .code_body import CodeBody
from .code_body_form import CodeBodyForm
from .code_login import CodeLogin
from .code_login_form import CodeLoginForm
from .code_request import CodeRequest
from .code_request_form import CodeRequestForm
from .code_requested import CodeRequested
from .confirmed import Confirmed
from .connected_app import ConnectedApp
from .connected_app_policies import ConnectedAppPolicies
from .consent_input import ConsentInput
from .consent_input_policies import ConsentInputPolicies
from .created_client import CreatedClient
from .created_key import CreatedKey
from .enrollment_body import EnrollmentBody
from .error_body import ErrorBody
from .health import Health
from .interaction import Interaction
from .interaction_client import InteractionClient
from .introspection_body import IntrospectionBody
from .introspection_body_policies import IntrospectionBodyPolicies
from .logged_out import LoggedOut
from .login_input import LoginInput
from .login_input_form import LoginInputForm
from .new_client import NewClient
from .new_role import NewRole
from .new_secret import NewSecret
from .new_service_key import NewServiceKey
from .new_user import NewUser
from .next_step import NextStep
from .otp_input import OtpInput
from .otp_input_form import OtpInputForm
from .password_login import PasswordLogin
from .password_login_form import PasswordLoginForm
from .profile import Profile
from .profile_change import ProfileChange
from .profile_change_form import ProfileChangeForm
from .redirect_to import RedirectTo
from .refresh_request_body import RefreshRequestBody
from .refresh_request_body_form import RefreshRequestBodyForm
from .removal_body import RemovalBody
from .removal_body_form import RemovalBodyForm
from .revoked import Revoked
from .role import Role
from .role_change import RoleChange
from .roles_view import RolesView
from .scope_info import ScopeInfo
from .service_key_view import ServiceKeyView
from .step import Step
from .token_body import TokenBody
from .token_claims import TokenClaims
from .token_claims_policies import TokenClaimsPolicies
from .token_form import TokenForm
from .token_param import TokenParam
from .token_to_validate import TokenToValidate
from .token_to_validate_form import TokenToValidateForm
from .user_change import UserChange
from .user_info_body import UserInfoBody
from .validation import Validation

__all__ = (
    "AdminUser",
    "AuditEntry",
    "AuditPage",
    "AuthenticatorStatus",
    "AuthorizeForm",
    "ClientChange",
    "ClientView",
    "CodeBody",
    "CodeBodyForm",
    "CodeLogin",
    "CodeLoginForm",
    "CodeRequest",
    "CodeRequested",
    "CodeRequestForm",
    "Confirmed",
    "ConnectedApp",
    "ConnectedAppPolicies",
    "ConsentInput",
    "ConsentInputPolicies",
    "CreatedClient",
    "CreatedKey",
    "EnrollmentBody",
    "ErrorBody",
    "Health",
    "Interaction",
    "InteractionClient",
    "IntrospectionBody",
    "IntrospectionBodyPolicies",
    "LoggedOut",
    "LoginInput",
    "LoginInputForm",
    "NewClient",
    "NewRole",
    "NewSecret",
    "NewServiceKey",
    "NewUser",
    "NextStep",
    "OtpInput",
    "OtpInputForm",
    "PasswordLogin",
    "PasswordLoginForm",
    "Profile",
    "ProfileChange",
    "ProfileChangeForm",
    "RedirectTo",
    "RefreshRequestBody",
    "RefreshRequestBodyForm",
    "RemovalBody",
    "RemovalBodyForm",
    "Revoked",
    "Role",
    "RoleChange",
    "RolesView",
    "ScopeInfo",
    "ServiceKeyView",
    "Step",
    "TokenBody",
    "TokenClaims",
    "TokenClaimsPolicies",
    "TokenForm",
    "TokenParam",
    "TokenToValidate",
    "TokenToValidateForm",
    "UserChange",
    "UserInfoBody",
    "Validation",
)
