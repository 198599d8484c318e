from conveyor_sqs import run

run(lambda sqs, a: sqs.purge_queue(**a))
