from conveyor_sqs import run

run(lambda sqs, a: sqs.receive_message(**a))
