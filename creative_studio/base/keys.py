"""Ed25519 keys for signed sign-off: read, write, sign, verify (with the `cryptography` library).

Public keys are written in the campaign as `reviewers[].public_key`, in either form:

* base64 of the raw 32-byte key (what `creative-studio review keygen` prints), or
* a PEM block (`-----BEGIN PUBLIC KEY-----` ...), or an OpenSSH line `ssh-ed25519 AAAA... comment`.

Private keys are files: PKCS#8 PEM (what `keygen` writes, mode 0600) or an OpenSSH private key
(`ssh-keygen -t ed25519`), unencrypted. A key never leaves its file: only the signature
(base64 of 64 bytes) is written into the review file.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class KeyFormatError(ValueError):
    """A key that cannot be read, in a sentence that says what to give instead."""


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError("it is not base64 text") from None


def load_public_key(text: str) -> Ed25519PublicKey:
    text = text.strip()
    if not text:
        raise KeyFormatError("the key is empty")
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
        elif text.startswith("ssh-ed25519 "):
            key = serialization.load_ssh_public_key(text.encode("ascii"))
        else:
            raw = _b64(text)
            if len(raw) != 32:
                raise KeyFormatError(
                    f"it decodes to {len(raw)} bytes; an Ed25519 public key is 32 bytes "
                    "(paste the line `creative-studio review keygen` printed)"
                )
            return Ed25519PublicKey.from_public_bytes(raw)
    except KeyFormatError:
        raise
    except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError(f"it is not a readable public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFormatError("it is not an Ed25519 key; create one with `creative-studio review keygen`")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    """The base64 line for the campaign's `public_key:`."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def same_key(a: Ed25519PublicKey, b: Ed25519PublicKey) -> bool:
    return public_key_text(a) == public_key_text(b)


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFormatError(f"{path}: cannot read the key file ({exc.strerror})") from None
    if len(data) > 64_000:
        raise KeyFormatError(f"{path}: {len(data):,} bytes is not a key file")
    key: object
    try:
        if b"BEGIN OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, password=None)
        else:
            key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFormatError(
            f"{path}: the key is protected by a passphrase; use an unencrypted key file kept where only you can read it"
        ) from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError(
            f"{path}: not a private key file ({exc}); create one with `creative-studio review keygen`"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError(f"{path}: not an Ed25519 key; create one with `creative-studio review keygen`")
    return key


def write_new_private_key(path: str | Path) -> Ed25519PrivateKey:
    """Create a key and write it as PKCS#8 PEM with mode 0600; never replaces an existing file."""
    path = Path(path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFormatError(f"{path} already exists; a key file is never replaced (choose another name)") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask says
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode("ascii")


def verify(key: Ed25519PublicKey, signature: str, data: bytes) -> bool:
    try:
        raw = _b64(signature)
    except KeyFormatError:
        return False
    if len(raw) != 64:
        return False
    try:
        key.verify(raw, data)
    except InvalidSignature:
        return False
    return True


__all__ = [
    "KeyFormatError",
    "load_private_key",
    "load_public_key",
    "public_key_text",
    "same_key",
    "sign",
    "verify",
    "write_new_private_key",
]
