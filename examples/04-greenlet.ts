// 04. greenlet: two functions hand control to each other explicitly
// Teaches: a coroutine can stop in the middle and let another one run. With
// greenlet the program says exactly where to go next (`gr2.switch()`), so
// the output is 1 3 2 4: func1 prints 1, switches to func2, which prints 3
// and switches back, and so on.

/*--- Python, from the article ---
#  No. 1 3 Square module, so you need to install

pip install greenlet

from greenlet import greenlet


def func1():
    print(1)
    gr2.switch()
    print(2)
    gr2.switch()


def func2():
    print(3)
    gr1.switch()
    print(4)


gr1 = greenlet(func1)
gr2 = greenlet(func2)

gr1.switch()

#  Results: 1 3 2 4
---*/

// The difference from Python. A greenlet is a stackful coroutine: `switch()`
// can be called from any plain function, however deep in the call stack, and
// that whole stack waits until someone switches back. JavaScript has no
// stackful coroutines. The nearest thing is a generator, which can pause only
// in its own body, so here the greenlet functions are `function*` and a
// switch is written `yield* gr2.switch()`. A helper function that wants to
// switch must itself be a generator called with `yield*`. The small module in
// ./lib/greenlet.ts runs the switches from a trampoline. As in Python, when
// func2 returns, control goes to its parent (the main program), so func1 is
// left paused after printing 2 and never finishes.

import { greenlet, type Switch } from "./lib/greenlet.js";

function* func1(): Generator<Switch, void, unknown> {
  console.log(1);
  yield* gr2.switch();
  console.log(2);
  yield* gr2.switch();
}

function* func2(): Generator<Switch, void, unknown> {
  console.log(3);
  yield* gr1.switch();
  console.log(4);
}

const gr1 = greenlet(func1);
const gr2 = greenlet(func2);

gr1.switch();

// Results: 1 3 2 4
