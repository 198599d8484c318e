from conveyor_sqs import run

run(lambda sqs, a: sqs.change_message_visibility_batch(**a))
