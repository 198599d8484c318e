from conveyor_sqs import run

run(lambda sqs, a: sqs.create_queue(QueueName=a["QueueName"], Attributes=a.get("Attributes", {})))
