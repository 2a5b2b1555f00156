"""A Swift process publishes a 1 GiB tensor in the store; a Python process maps it without
copying: its resident memory grows by less than 64 MiB."""

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
import datasetsdk as ds

def rss_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

store = ds.SharedMemoryStore.open(sys.argv[1])
before = rss_kib()
tensor = store.load("big")
after = rss_kib()
print(json.dumps({"rss_growth_kib": after - before, "shape": list(tensor.shape), "dtype": str(tensor.dtype),
                  "samples": [float(tensor[i]) for i in (0, 1, 12345678, tensor.shape[0] - 1)],
                  "readonly": not tensor.flags.writeable}))
"""


def test_python_maps_a_one_gib_tensor_published_by_swift(helper, store_path):
    helper.run("store-put-tensor", store_path, "big", 1024)
    result = subprocess.run([sys.executable, "-c", PROBE, store_path], capture_output=True, text=True, timeout=300,
                            cwd=os.path.dirname(os.path.dirname(__file__)))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    count = 1024 << 17
    assert seen["shape"] == [count] and seen["dtype"] == "float64" and seen["readonly"]
    assert seen["samples"] == [0.0, 1.0, 12345678.0, float(count - 1)]
    assert seen["rss_growth_kib"] < 64 * 1024, f"the load grew RSS by {seen['rss_growth_kib']} KiB: it copied"
