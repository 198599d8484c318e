from conveyor_sqs import run

run(lambda sqs, a: sqs.list_dead_letter_source_queues(**a))
