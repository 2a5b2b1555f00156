#!/usr/bin/env python3
"""Python peers for `datasets-bench s3`: boto3 (put_object/get_object and the TransferManager's
upload_fileobj/download_fileobj) and s3fs (pickle of a numpy array), on the same server, sizes
and bucket as the Swift side. Prints one line per measured case: `CASE SECONDS` (best of
--repeats), or `CASE error=MESSAGE`."""
import argparse, io, os, pickle, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--endpoint", required=True)
parser.add_argument("--bucket", required=True)
parser.add_argument("--size", type=int, required=True, help="object size in bytes")
parser.add_argument("--repeats", type=int, default=1)
parser.add_argument("--s3fs", action="store_true", help="also measure s3fs with a pickled numpy array")
args = parser.parse_args()
access, secret = os.environ["DATASETS_S3_ACCESS_KEY"], os.environ["DATASETS_S3_SECRET_KEY"]


def best(body):
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return min(times)


def report(case, body):
    try:
        print(f"{case} {best(body):.6f}", flush=True)
    except Exception as error:  # report and go on: one failing peer must not hide the others
        print(f"{case} error={type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}", flush=True)


import boto3, botocore.config
from boto3.s3.transfer import TransferConfig

client = boto3.client("s3", endpoint_url=args.endpoint, aws_access_key_id=access, aws_secret_access_key=secret, region_name="us-east-1",
                      config=botocore.config.Config(s3={"addressing_style": "path"}, max_pool_connections=32))
payload = os.urandom(args.size)
key = f"peer/boto3-{args.size}"
report("boto3.put_object", lambda: client.put_object(Bucket=args.bucket, Key=key, Body=payload))
report("boto3.get_object", lambda: client.get_object(Bucket=args.bucket, Key=key)["Body"].read())
transfer = TransferConfig()  # boto3's defaults: 8 MiB parts, 10 threads
report("boto3.upload_fileobj", lambda: client.upload_fileobj(io.BytesIO(payload), args.bucket, key + "-tm", Config=transfer))


def download():
    sink = io.BytesIO()
    client.download_fileobj(args.bucket, key + "-tm", sink, Config=transfer)
    return sink.getvalue()


report("boto3.download_fileobj", download)
del payload

if args.s3fs:
    try:
        import numpy, s3fs
    except ImportError as error:
        print(f"s3fs.pickle_put error=not installed ({error})", flush=True)
        print(f"s3fs.pickle_get error=not installed ({error})", flush=True)
    else:
        fs = s3fs.S3FileSystem(key=access, secret=secret, client_kwargs={"endpoint_url": args.endpoint, "region_name": "us-east-1"})
        array = numpy.random.default_rng(1).random(args.size // 8)
        path = f"{args.bucket}/peer/s3fs-{args.size}.pkl"

        def put():
            with fs.open(path, "wb") as file:
                pickle.dump(array, file, protocol=5)

        def get():
            fs.invalidate_cache()
            with fs.open(path, "rb") as file:
                return pickle.load(file)

        report("s3fs.pickle_put", put)
        report("s3fs.pickle_get", get)
