// 05. Generators: `yield` and `yield from`
// Teaches: a generator pauses at each `yield` and resumes where it left off;
// `yield from` (TypeScript: `yield*`) hands the pausing over to another
// generator until that one is exhausted, so the output is 1 3 4 2. (The
// article says 1 3 2 4; Python prints 1 3 4 2.) Generators are the machinery
// Python's first coroutines were built on (example 06), and asyncio-ts's
// generator coroutines still are.

/*--- Python, from the article ---
def func1():
    yield 1
    yield from func2()
    yield 2


def func2():
    yield 3
    yield 4

f1 = func1()
for item in f1:
    print(item)

#  Results: 1 3 2 4
---*/

// The article is wrong here: Python prints 1 3 4 2, not 1 3 2 4. `yield from
// func2()` runs func2 to its end, yielding 3 and then 4, before func1 reaches
// `yield 2`. (Checked with CPython 3.7, 3.10 and 3.13.) Plain generators
// only nest; they do not take turns. Taking turns, as in 1 3 2 4, needs
// something that switches between them: greenlet's explicit switches
// (example 04) or an event loop (examples 06 and 07).

function* func1(): Generator<number, void, undefined> {
  yield 1;
  yield* func2();
  yield 2;
}

function* func2(): Generator<number, void, undefined> {
  yield 3;
  yield 4;
}

const f1 = func1();
for (const item of f1) {
  console.log(item);
}

// Results: 1 3 4 2
