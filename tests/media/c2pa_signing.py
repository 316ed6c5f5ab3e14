"""Signing test files with C2PA Content Credentials: a throwaway CA and signer made here."""

from __future__ import annotations

import datetime
from pathlib import Path

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Festival Tests"),
        ]
    )


def _usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject: str, issuer: x509.Name, key, *, is_ca: bool) -> x509.CertificateBuilder:
    """A certificate for `key`, valid from yesterday for 30 days, for the caller to sign."""
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(_usage(signs_certificates=is_ca), critical=True)
    )


def signer() -> c2pa.Signer:
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Test Root CA", _name("Test Root CA"), ca_key, is_ca=True).sign(
        ca_key, hashes.SHA256()
    )
    certificate = (
        _certificate("Test Signer", ca.subject, key, is_ca=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (certificate, ca))
    private_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    info = c2pa.C2paSignerInfo(alg=b"es256", sign_cert=chain, private_key=private_key, ta_url=None)
    return c2pa.Signer.from_info(info)


def sign_mp4(source: Path, destination: Path, *, digital_source_type: str) -> Path:
    manifest = {
        "claim_generator_info": [{"name": "festival-tests", "version": "1"}],
        "title": "test screener",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {"action": "c2pa.created", "digitalSourceType": digital_source_type}
                    ]
                },
            }
        ],
    }
    with open(source, "rb") as src, open(destination, "wb") as dst:
        c2pa.Builder(manifest).sign(signer(), "video/mp4", src, dst)
    return destination
