"""The JWT bearer login's private key (SF_JWT_KEY_FILE), read safely: only a regular file of a
key's size is read (a pipe would hang, /dev/zero never ends), and each way it can be the wrong
thing (a public key or certificate, an encrypted or non-RSA key, no PEM at all) is one clear
OrgError that names the file and never its content."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sfspec.errors import OrgError

MAX_KEY_BYTES = 64 * 1024  # an RSA-4096 PEM is about 3.3 KB


def _read(key_file: Path) -> bytes:
    where = f"SF_JWT_KEY_FILE={key_file}"
    try:
        fd = os.open(key_file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO opens without a writer
    except OSError as exc:
        raise OrgError(f"cannot read the JWT private key {where}: {exc.strerror or type(exc).__name__}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OrgError(f"{where} is not a regular file (a device, pipe or folder); point it at the private key")
        if info.st_size > MAX_KEY_BYTES:
            raise OrgError(f"{where} is {info.st_size:,} bytes, too large to be a private key")
        return os.read(fd, MAX_KEY_BYTES + 1)
    except OSError as exc:
        raise OrgError(f"cannot read the JWT private key {where}: {exc.strerror or type(exc).__name__}") from None
    finally:
        os.close(fd)


def read_private_key(key_file: Path) -> rsa.RSAPrivateKey:
    where = f"SF_JWT_KEY_FILE={key_file}"
    data = _read(key_file)
    if b"-----BEGIN PUBLIC KEY" in data or b"-----BEGIN RSA PUBLIC KEY" in data or b"-----BEGIN CERTIFICATE" in data:
        raise OrgError(
            f"{where} holds a public key or certificate; it must be the private key whose certificate "
            "the connected app holds"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise OrgError(
            f"{where} is an encrypted private key; give sfspec an unencrypted PEM key "
            "(openssl pkey -in KEY -out PLAIN.pem) kept as a CI secret"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise OrgError(f"{where} is not an RSA private key in PEM format") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise OrgError(
            f"{where} holds a {type(key).__name__.lstrip('_')}; the JWT bearer login needs an RSA key (RS256)"
        )
    return key
