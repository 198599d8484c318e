from conveyor_sqs import run

run(lambda sqs, a: sqs.delete_message(QueueUrl=a["QueueUrl"], ReceiptHandle=a["ReceiptHandle"]))
