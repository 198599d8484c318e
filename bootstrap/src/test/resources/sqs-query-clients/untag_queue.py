from conveyor_sqs import run

run(lambda sqs, a: sqs.untag_queue(**a))
