"""One boto3 SQS call against Conveyor, its answer printed as JSON for SqsQueryClientsTest.

Usage: /usr/bin/python3 <action>.py <endpoint URL> '<JSON object of the call's arguments>'

Credentials and the region come from the environment the test sets. A service error is printed, not raised,
so that the test sees what an application would catch: {"Error": {"Exception": ..., "Code": ..., ...}}.
"""
import base64
import json
import sys

import boto3
import botocore
from botocore.exceptions import ClientError


def run(call):
    """Prints {"Answer": ...} or {"Error": ...}, with the client's versions and the protocol it spoke."""
    endpoint = sys.argv[1]
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    sqs = boto3.client("sqs", endpoint_url=endpoint)
    out = {
        "Client": {
            "boto3": boto3.__version__,
            "botocore": botocore.__version__,
            "protocol": sqs.meta.service_model.protocol,
        }
    }
    try:
        answer = call(sqs, args)
        answer.pop("ResponseMetadata", None)
        out["Answer"] = answer
    except ClientError as e:
        error = e.response.get("Error", {})
        out["Error"] = {
            # A modeled error is raised as its own class (sqs.exceptions.QueueDoesNotExist), others as ClientError.
            "Exception": type(e).__name__,
            "Code": error.get("Code"),
            "Type": error.get("Type"),
            "Message": error.get("Message"),
            "Status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
        }
    print(json.dumps(out, default=printable))


def printable(value):
    """Bytes (a Binary attribute's value) as base64, as the wire carries them; anything else as text."""
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else str(value)
