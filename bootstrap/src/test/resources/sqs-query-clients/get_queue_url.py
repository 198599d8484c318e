from conveyor_sqs import run

run(lambda sqs, a: sqs.get_queue_url(QueueName=a["QueueName"]))
