"""The servers the peers need, on this machine only: vineyardd on a UNIX socket in a temporary
folder, and SeaweedFS through scripts/s3-server on 127.0.0.1. Both are stopped by their pids."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time


def log(message: str) -> None:
    print(f"peers: {message}", flush=True, file=__import__("sys").stderr)


def _stop_pid(pid: int, process: subprocess.Popen | None = None, timeout: float = 20) -> None:
    """SIGTERM to `pid`, a bounded wait, then SIGKILL."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None:
            if process.poll() is not None:
                return
        else:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.1)
    log(f"pid {pid} still running after {timeout:.0f} s; SIGKILL")
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if process is not None:
        process.wait(timeout=10)


class Vineyardd:
    """A private vineyardd (the binary in the vineyard wheel) with `--meta=local --rpc=false`: no
    etcd, no TCP port."""

    def __init__(self, folder: str, size: str):
        import vineyard

        binary = os.path.join(os.path.dirname(vineyard.__file__), "bdist", "vineyardd")
        if not os.access(binary, os.X_OK):
            binary = shutil.which("vineyardd") or ""
        if not binary:
            raise RuntimeError("no vineyardd in the vineyard wheel (vineyard/bdist) nor on PATH")
        os.makedirs(folder, exist_ok=True)
        self.folder = folder
        self.socket = os.path.join(folder, "vineyard.sock")
        self.version = getattr(vineyard, "__version__", "?")
        self.log_path = os.path.join(folder, "vineyardd.log")
        self.command = [binary, f"--socket={self.socket}", f"--size={size}", "--meta=local", "--rpc=false"]
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.socket):
            if self.process.poll() is not None:
                raise RuntimeError(f"vineyardd exited with {self.process.returncode}: {self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"vineyardd did not create {self.socket} within 60 s: {self.log_tail()}")
            time.sleep(0.05)
        log(f"vineyardd {self.version} pid {self.process.pid} on {self.socket} (--size={size})")

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self) -> str:
        try:
            with open(self.log_path) as file:
                return file.read()[-800:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            _stop_pid(self.process.pid, self.process)
            log(f"vineyardd pid {self.process.pid} stopped")
        self._log.close()


class S3Server:
    """SeaweedFS started by scripts/s3-server with its state (data, ports, keys, pid) in `state`."""

    def __init__(self, root: str, state: str):
        self.script = os.path.join(root, "scripts", "s3-server")
        self.state = state
        subprocess.run([self.script, "start", state], check=True, stdin=subprocess.DEVNULL)
        values = {}
        with open(os.path.join(state, "env")) as file:
            for line in file:
                line = line.strip()
                if line.startswith("export "):
                    line = line[len("export "):]
                if "=" in line:
                    key, value = line.split("=", 1)
                    values[key] = value.strip("'\"")
        self.pid = int(values["DATASETS_S3_SERVER_PID"])
        self.variables = {
            "AWS_ENDPOINT_URL": values["DATASETS_S3_ENDPOINT"],
            "AWS_ACCESS_KEY_ID": values["DATASETS_S3_ACCESS_KEY"],
            "AWS_SECRET_ACCESS_KEY": values["DATASETS_S3_SECRET_KEY"],
            "AWS_REGION": values.get("DATASETS_S3_REGION", "us-east-1"),
        }
        self.version = self._weed_version()
        log(f"SeaweedFS ({self.version}) pid {self.pid} on {self.variables['AWS_ENDPOINT_URL']}")

    @staticmethod
    def _weed_version() -> str:
        try:
            text = subprocess.run(["weed", "version"], capture_output=True, text=True, timeout=30).stdout
            return text.strip().splitlines()[0] if text.strip() else "weed"
        except (OSError, subprocess.SubprocessError):
            return "weed"

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.variables["AWS_ENDPOINT_URL"],
                            aws_access_key_id=self.variables["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=self.variables["AWS_SECRET_ACCESS_KEY"],
                            region_name=self.variables["AWS_REGION"])

    def ensure_bucket(self, name: str) -> None:
        client = self.client()
        try:
            client.create_bucket(Bucket=name)
        except (client.exceptions.BucketAlreadyOwnedByYou, client.exceptions.BucketAlreadyExists):
            pass

    def empty_bucket(self, name: str) -> None:
        """Deletes the bucket's objects and the bucket (frees the server's disk between multipliers)."""
        client = self.client()
        try:
            paginator = client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=name):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    client.delete_objects(Bucket=name, Delete={"Objects": keys})
            client.delete_bucket(Bucket=name)
        except Exception as error:  # noqa: BLE001 - cleanup only
            log(f"could not empty bucket {name}: {error}")

    def credentials(self) -> dict:
        """s3fs arguments, as conf/<env>/credentials.yml builds them."""
        return {"key": self.variables["AWS_ACCESS_KEY_ID"], "secret": self.variables["AWS_SECRET_ACCESS_KEY"],
                "client_kwargs": {"endpoint_url": self.variables["AWS_ENDPOINT_URL"],
                                  "region_name": self.variables["AWS_REGION"]}}

    def stop(self) -> None:
        subprocess.run([self.script, "stop", self.state], check=False, stdin=subprocess.DEVNULL)
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            log(f"SeaweedFS pid {self.pid} stopped")
            return
        _stop_pid(self.pid)
