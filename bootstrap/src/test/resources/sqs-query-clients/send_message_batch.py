from conveyor_sqs import run

run(lambda sqs, a: sqs.send_message_batch(**a))
