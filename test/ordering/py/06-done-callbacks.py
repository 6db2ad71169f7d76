# Done callbacks go through call_soon in registration order, also when they are
# added to a future that is already done; removed callbacks never run.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("early")
    loop.call_soon(print, "soon 1")
    done.add_done_callback(lambda f: print(f"late callback A sees {f.result()}"))
    loop.call_soon(print, "soon 2")
    done.add_done_callback(lambda f: print("late callback B"))
    print("main: callbacks added to a done future, none ran yet")
    await asyncio.sleep(0)
    print("main: after sleep(0)")

    pending = loop.create_future()

    def removed(f):
        print("removed callback (must not run)")

    pending.add_done_callback(lambda f: print("first"))
    pending.add_done_callback(removed)
    pending.add_done_callback(lambda f: print("second"))
    pending.add_done_callback(removed)
    print(f"removed {pending.remove_done_callback(removed)} callbacks")
    print(f"removed {pending.remove_done_callback(removed)} callbacks")
    pending.set_result(None)
    pending.add_done_callback(lambda f: print("third, added after set_result"))
    await asyncio.sleep(0)
    print("main: done")


asyncio.run(main())
