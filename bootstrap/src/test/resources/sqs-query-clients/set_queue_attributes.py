from conveyor_sqs import run

run(lambda sqs, a: sqs.set_queue_attributes(**a))
