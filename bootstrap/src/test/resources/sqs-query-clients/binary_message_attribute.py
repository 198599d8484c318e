import base64

from conveyor_sqs import run


def send(sqs, a):
    """boto3 takes a Binary attribute's value as bytes (sent base64 in the form); JSON cannot carry bytes."""
    attributes = {name: dict(value) for name, value in a["MessageAttributes"].items()}
    for value in attributes.values():
        if "BinaryValue" in value:
            value["BinaryValue"] = base64.b64decode(value["BinaryValue"])
    return sqs.send_message(QueueUrl=a["QueueUrl"], MessageBody=a["MessageBody"], MessageAttributes=attributes)


run(send)
