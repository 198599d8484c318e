from conveyor_sqs import run

run(lambda sqs, a: sqs.tag_queue(**a))
