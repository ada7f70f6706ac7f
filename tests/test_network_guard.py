import socket
import subprocess
import sys

import pytest


def test_connecting_anywhere_fails_in_tests():
    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as s, pytest.raises(RuntimeError, match="network access"):
        s.connect(("127.0.0.1", 9))


def test_guard_reaches_subprocesses(subprocess_env):
    code = "import socket; socket.create_connection(('127.0.0.1', 9))"
    result = subprocess.run([sys.executable, "-c", code], env=subprocess_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "network access attempted" in result.stderr
