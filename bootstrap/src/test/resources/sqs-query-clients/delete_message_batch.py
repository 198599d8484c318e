from conveyor_sqs import run

run(lambda sqs, a: sqs.delete_message_batch(**a))
