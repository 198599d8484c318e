from conveyor_sqs import run

run(lambda sqs, a: sqs.list_queue_tags(**a))
