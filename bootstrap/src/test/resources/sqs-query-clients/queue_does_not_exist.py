from conveyor_sqs import run


def get_url(sqs, a):
    """What applications write: catch the modeled exception by its class, as boto3's documentation shows."""
    try:
        sqs.get_queue_url(QueueName=a["QueueName"])
    except sqs.exceptions.QueueDoesNotExist as e:
        return {"Caught": "sqs.exceptions.QueueDoesNotExist", "Code": e.response["Error"]["Code"]}
    return {"Caught": None}


run(get_url)
