# A pass runs exactly the callbacks that were ready when it began: whatever a
# callback queues, with call_soon or a due timer, runs on a later pass, and
# due timers join the queue behind the callbacks already there.
# No async twin: only plain callbacks here, so the generator twin covers both spellings.
import asyncio

loop = asyncio.new_event_loop()


def a():
    print("a")
    loop.call_soon(c)
    loop.call_later(0, t)


def b():
    print("b")
    loop.call_soon(d)


def c():
    print("c")
    loop.call_soon(e)


def d():
    print("d")


def e():
    print("e")
    loop.stop()


def t():
    print("timer due now")


loop.call_soon(a)
loop.call_soon(b)
loop.run_forever()
print("stopped")
loop.run_until_complete(asyncio.sleep(0))
print("sleep(0) ran")
loop.close()
