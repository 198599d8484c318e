from conveyor_sqs import run

run(lambda sqs, a: sqs.list_queues(**a))
