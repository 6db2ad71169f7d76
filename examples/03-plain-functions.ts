// 03. Two plain functions, one after the other
// Teaches: without coroutines a function runs to its end before the next one
// starts, so the output is 1 2 3 4. The next examples interleave the same two
// functions into 1 3 2 4.

/*--- Python, from the article ---
def func1():
    print(1)
    ...
    print(2)

def func2():
    print(3)
    ...
    print(4)

func1()
func2()

#  Results: 1 2 3 4
---*/

// Python's `...` (the Ellipsis statement, which does nothing) stands for
// "some work happens here"; in TypeScript it is a comment.

function func1(): void {
  console.log(1);
  // ...
  console.log(2);
}

function func2(): void {
  console.log(3);
  // ...
  console.log(4);
}

func1();
func2();

// Results: 1 2 3 4 (one number per line, as Python's print writes them)
