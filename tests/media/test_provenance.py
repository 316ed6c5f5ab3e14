import subprocess

import pytest

from festival.media.provenance import read_content_credentials
from tests.media.c2pa_signing import sign_mp4

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@pytest.fixture(scope="module")
def plain_mp4(tmp_path_factory):
    path = tmp_path_factory.mktemp("c2pa") / "plain.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "testsrc=size=320x240:rate=24:duration=2", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def test_a_file_without_credentials_is_reported_absent(plain_mp4):
    credentials = read_content_credentials(plain_mp4)
    assert credentials["present"] is False
    assert credentials["declared_types"] == []


def test_signed_credentials_are_read_with_their_declared_source_type(plain_mp4, tmp_path):
    signed = sign_mp4(plain_mp4, tmp_path / "signed.mp4", digital_source_type=TRAINED)
    credentials = read_content_credentials(signed)
    assert credentials["present"] is True
    assert credentials["valid"] is True
    assert credentials["declared_types"] == [TRAINED]
    assert credentials["issuer"] == "Festival Tests"
    assert "signingCredential.untrusted" in credentials["problems"]


def test_a_file_changed_after_signing_is_invalid(plain_mp4, tmp_path):
    signed = sign_mp4(plain_mp4, tmp_path / "signed.mp4", digital_source_type=TRAINED)
    data = bytearray(signed.read_bytes())
    middle = data.index(b"mdat") + 400
    data[middle : middle + 16] = bytes(16)
    signed.write_bytes(bytes(data))
    credentials = read_content_credentials(signed)
    assert credentials["present"] is True
    assert credentials["valid"] is False
