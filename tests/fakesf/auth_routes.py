"""OAuth 2.0 token endpoint: JWT bearer and client credentials, checked like Salesforce does."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs

import jwt

from fakesf.server import FakeSalesforce, Request, Response

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _denied(description: str) -> Response:
    return Response(400, {"error": "invalid_grant", "error_description": description})


def _token(fake: FakeSalesforce) -> Response:
    token = fake.issue_token("00DFAKE!" + secrets.token_urlsafe(24))
    return Response(
        200,
        {
            "access_token": token,
            "scope": "api",
            "instance_url": fake.url,
            "id": f"{fake.url}/id/00DFAKE/005FAKE",
            "token_type": "Bearer",
        },
    )


def token(fake: FakeSalesforce, req: Request) -> Response:
    form = {k: v[0] for k, v in parse_qs(req.body.decode("utf-8")).items()}
    grant = form.get("grant_type")
    if grant == JWT_GRANT:
        public_key = fake.state.get("jwt_public_key")
        if public_key is None:
            return _denied("no connected app with a certificate is configured")
        try:
            claims = jwt.decode(
                form.get("assertion", ""),
                public_key,
                algorithms=["RS256"],
                audience=fake.url,
                options={"require": ["exp", "iss", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            return _denied("expired authorization code")
        except jwt.PyJWTError:
            return _denied("invalid assertion")
        if claims["iss"] != fake.state.get("client_id"):
            return Response(400, {"error": "invalid_client_id", "error_description": "client identifier invalid"})
        if claims["sub"] != fake.state.get("username"):
            return _denied("user hasn't approved this consumer")
        return _token(fake)
    if grant == "client_credentials":
        if (form.get("client_id"), form.get("client_secret")) != fake.state.get("client_credentials"):
            return Response(400, {"error": "invalid_client", "error_description": "invalid client credentials"})
        return _token(fake)
    return Response(400, {"error": "unsupported_grant_type", "error_description": "grant type not supported"})


def register(fake: FakeSalesforce) -> None:
    fake.route("POST", r"/services/oauth2/token", "oauth_token", token)
