# Unnamed tasks are called Task-N from one counter shared by the process, so
# only numbers relative to the main task are printed.
import asyncio


def number(task):
    return int(task.get_name().removeprefix("Task-"))


async def noop():
    await asyncio.sleep(0)


async def main():
    base = number(asyncio.current_task())
    first = asyncio.create_task(noop())
    named = asyncio.create_task(noop(), name="custom")
    second = asyncio.create_task(noop())
    print(f"first: Task-(main+{number(first) - base})")
    print(f"named: {named.get_name()}")
    print(f"second: Task-(main+{number(second) - base})")
    fut = asyncio.ensure_future(noop())
    print(f"ensure_future: Task-(main+{number(fut) - base})")
    g = asyncio.gather(noop(), noop())
    third = asyncio.create_task(noop())
    print(f"after a gather of two coroutines: Task-(main+{number(third) - base})")
    await asyncio.gather(first, named, second, fut, g, third)


asyncio.run(main())
