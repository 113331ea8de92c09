"""moto's server, answering authentication and permission failures the way AWS does.

moto checks SigV4 signatures and IAM policies once /moto-api/reset-auth turns enforcement on, but it
answers every failure the way Query-protocol services (IAM, STS, EC2) do: HTTP 403 with an XML body and
the codes InvalidClientTokenId, SignatureDoesNotMatch and AccessDenied. It also checks Resource Groups
Tagging API calls as "tagging:<Action>", while IAM policies name them "tag:<Action>", and it checks every
DynamoDB action against resource "*", so a policy scoped to a table ARN never matches.

DynamoDB, DynamoDB Streams and the Resource Groups Tagging API (JSON protocol) answer HTTP 400 with a JSON
body, which is what the AWS SDKs parse into UnrecognizedClientException, InvalidSignatureException and
AccessDeniedException. This module changes only those answers, and only for those services; everything
else is moto as published.
"""
import json
import sys

from moto.core.exceptions import JsonRESTError
from moto.iam import access_control
from moto.iam.access_control import IAMPolicy, IAMRequest, PermissionResult
from moto.server import main

# SigV4 signing name -> IAM action prefix, for the JSON-protocol services this project calls.
JSON_PROTOCOL_SERVICES = {"dynamodb": "dynamodb", "tagging": "tag"}

SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details."
)


class AwsJsonError(JsonRESTError):
    code = 400

    def __init__(self, error_type, message):
        super().__init__("com.amazon.coral.service#" + error_type, message)


def _speaks_json(request):
    return request._service in JSON_PROTOCOL_SERVICES


def _resource_arn(request):
    """The ARN a DynamoDB request acts on, as IAM evaluates it; None when it acts on no one resource."""
    if request._service != "dynamodb":
        return None
    try:
        body = json.loads(request._body or b"{}")
    except ValueError:
        return None
    if "StreamArn" in body:
        return body["StreamArn"]
    if "ResourceArn" in body:
        return body["ResourceArn"]
    if "TableName" in body:
        return f"arn:aws:dynamodb:{request._region}:{request.account_id}:table/{body['TableName']}"
    return None


_original_init = IAMRequest.__init__
_original_invalid_key = IAMRequest._raise_invalid_access_key
_original_signature_mismatch = IAMRequest._raise_signature_does_not_match
_original_check_action_permitted = IAMRequest.check_action_permitted


def _init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    if _speaks_json(self):
        action = self._action.split(":", 1)[1]
        self._action = f"{JSON_PROTOCOL_SERVICES[self._service]}:{action}"


def _raise_invalid_access_key(self, reason):
    if _speaks_json(self):
        raise AwsJsonError(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )
    _original_invalid_key(self, reason)


def _raise_signature_does_not_match(self):
    if _speaks_json(self):
        raise AwsJsonError("InvalidSignatureException", SIGNATURE_MISMATCH)
    _original_signature_mismatch(self)


def _check_action_permitted(self, resource):
    if not _speaks_json(self):
        return _original_check_action_permitted(self, resource)
    arn = _resource_arn(self) or resource
    results = [
        IAMPolicy(policy).is_action_permitted(self._action, arn)
        for policy in self._access_key.collect_policies()
    ]
    if PermissionResult.DENIED in results:
        because = f"with an explicit deny in an identity-based policy"
    elif PermissionResult.PERMITTED in results:
        return
    else:
        because = f"because no identity-based policy allows the {self._action} action"
    on_resource = f" on resource: {arn}" if arn != "*" else ""
    raise AwsJsonError(
        "AccessDeniedException",
        f"User: {self._access_key.arn} is not authorized to perform: {self._action}{on_resource} {because}",
    )


IAMRequest.__init__ = _init
IAMRequest._raise_invalid_access_key = _raise_invalid_access_key
IAMRequest._raise_signature_does_not_match = _raise_signature_does_not_match
IAMRequest.check_action_permitted = _check_action_permitted
assert access_control.IAMRequest is IAMRequest

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
