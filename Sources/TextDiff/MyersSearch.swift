/// Myers' O(ND) difference algorithm in its linear-space form ("An O(ND) Difference Algorithm and
/// Its Variations", 1986, section 4b): find the middle snake of the shortest edit path, split the
/// problem there and solve both halves. Memory is two diagonal vectors of N+M+3 Ints plus a work
/// stack, never O(D²). The halves are kept on an explicit stack instead of recursing, so no input
/// can exhaust the call stack.
///
/// Cost limit (the heuristic of GNU diff's `diffseq.h` and git's xdiff `xdl_split`): when a split
/// has explored `costLimit` edit steps without the forward and backward searches meeting, the
/// search stops and splits at the furthest-reaching path found so far. That path's side costs at
/// most `costLimit` and is solved exactly; the other side continues under the limit. Work is then
/// about O((N+M) · costLimit) instead of O((N+M) · D). The result is always a correct edit
/// script; it is minimal whenever D < 2 · costLimit, because the searches meet by then.
struct MyersSearch {
    private let a: [Int]
    private let b: [Int]
    private let costLimit: Int
    /// Furthest x reached on each diagonal k = x - y, stored at index k + `diagonalOffset`.
    private var forward: [Int]
    private var backward: [Int]
    private let diagonalOffset: Int

    /// `deleted[i]`: a[i] is not part of the common subsequence.
    private(set) var deleted: [Bool]
    /// `inserted[j]`: b[j] is not part of the common subsequence.
    private(set) var inserted: [Bool]

    /// A rectangle of the edit graph still to be solved: a[xLow..<xHigh] against b[yLow..<yHigh].
    private struct Box {
        var xLow: Int, xHigh: Int, yLow: Int, yHigh: Int
        /// True when the box is known to be cheap (cost ≤ 2 · costLimit), so it is solved exactly.
        var needsMinimal: Bool
    }

    private struct Split {
        var x: Int, y: Int
        var lowNeedsMinimal: Bool, highNeedsMinimal: Bool
    }

    init(a: [Int], b: [Int], costLimit: Int) {
        self.a = a
        self.b = b
        self.costLimit = max(1, costLimit)
        diagonalOffset = b.count + 1
        forward = Array(repeating: 0, count: a.count + b.count + 3)
        backward = forward
        deleted = Array(repeating: false, count: a.count)
        inserted = Array(repeating: false, count: b.count)
    }

    mutating func run() {
        var pending = [Box(xLow: 0, xHigh: a.count, yLow: 0, yHigh: b.count, needsMinimal: false)]
        while var box = pending.popLast() {
            while box.xLow < box.xHigh, box.yLow < box.yHigh, a[box.xLow] == b[box.yLow] {
                box.xLow += 1
                box.yLow += 1
            }
            while box.xLow < box.xHigh, box.yLow < box.yHigh, a[box.xHigh - 1] == b[box.yHigh - 1] {
                box.xHigh -= 1
                box.yHigh -= 1
            }
            if box.xLow == box.xHigh || box.yLow == box.yHigh {
                markAllChanged(box)
                continue
            }
            let split = split(box)
            // Myers' invariants put every split strictly inside the box. Should that ever fail,
            // marking the box changed still yields a correct (non-minimal) script and terminates.
            guard box.xLow <= split.x, split.x <= box.xHigh,
                  box.yLow <= split.y, split.y <= box.yHigh,
                  split.x + split.y > box.xLow + box.yLow,
                  split.x + split.y < box.xHigh + box.yHigh
            else {
                markAllChanged(box)
                continue
            }
            pending.append(Box(xLow: split.x, xHigh: box.xHigh, yLow: split.y, yHigh: box.yHigh,
                               needsMinimal: split.highNeedsMinimal))
            pending.append(Box(xLow: box.xLow, xHigh: split.x, yLow: box.yLow, yHigh: split.y,
                               needsMinimal: split.lowNeedsMinimal))
        }
    }

    private mutating func markAllChanged(_ box: Box) {
        for x in box.xLow..<box.xHigh { deleted[x] = true }
        for y in box.yLow..<box.yHigh { inserted[y] = true }
    }

    /// Finds the middle snake of `box` (whose first and last lines differ), or, past the cost
    /// limit, the furthest-reaching point found.
    private mutating func split(_ box: Box) -> Split {
        let (xLow, xHigh, yLow, yHigh) = (box.xLow, box.xHigh, box.yLow, box.yHigh)
        let offset = diagonalOffset
        let lowestDiagonal = xLow - yHigh
        let highestDiagonal = xHigh - yLow
        let forwardMid = xLow - yLow
        let backwardMid = xHigh - yHigh
        let deltaIsOdd = (forwardMid - backwardMid) & 1 != 0
        var forwardMin = forwardMid, forwardMax = forwardMid
        var backwardMin = backwardMid, backwardMax = backwardMid
        forward[forwardMid + offset] = xLow
        backward[backwardMid + offset] = xHigh

        var cost = 1
        while true {
            // Widen the forward diagonal range by one, or narrow it at the box edge to keep parity.
            // The value just outside the range is a sentinel that never wins the comparison.
            if forwardMin > lowestDiagonal {
                forwardMin -= 1
                forward[forwardMin - 1 + offset] = -1
            } else {
                forwardMin += 1
            }
            if forwardMax < highestDiagonal {
                forwardMax += 1
                forward[forwardMax + 1 + offset] = -1
            } else {
                forwardMax -= 1
            }
            var k = forwardMax
            while k >= forwardMin {
                let fromBelow = forward[k - 1 + offset]
                let fromAbove = forward[k + 1 + offset]
                var x = fromBelow >= fromAbove ? fromBelow + 1 : fromAbove
                var y = x - k
                while x < xHigh, y < yHigh, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                forward[k + offset] = x
                if deltaIsOdd, backwardMin <= k, k <= backwardMax, backward[k + offset] <= x {
                    return Split(x: x, y: y, lowNeedsMinimal: true, highNeedsMinimal: true)
                }
                k -= 2
            }

            if backwardMin > lowestDiagonal {
                backwardMin -= 1
                backward[backwardMin - 1 + offset] = Int.max
            } else {
                backwardMin += 1
            }
            if backwardMax < highestDiagonal {
                backwardMax += 1
                backward[backwardMax + 1 + offset] = Int.max
            } else {
                backwardMax -= 1
            }
            k = backwardMax
            while k >= backwardMin {
                let fromBelow = backward[k - 1 + offset]
                let fromAbove = backward[k + 1 + offset]
                var x = fromBelow < fromAbove ? fromBelow : fromAbove - 1
                var y = x - k
                while x > xLow, y > yLow, a[x - 1] == b[y - 1] {
                    x -= 1
                    y -= 1
                }
                backward[k + offset] = x
                if !deltaIsOdd, forwardMin <= k, k <= forwardMax, x <= forward[k + offset] {
                    return Split(x: x, y: y, lowNeedsMinimal: true, highNeedsMinimal: true)
                }
                k -= 2
            }

            if !box.needsMinimal, cost >= costLimit {
                return furthestReachingSplit(
                    box,
                    forwardRange: (forwardMin, forwardMax),
                    backwardRange: (backwardMin, backwardMax)
                )
            }
            cost += 1
        }
    }

    /// The cost-limit fallback: pick whichever search (forward from the top-left or backward from
    /// the bottom-right) has progressed furthest, measured by x + y, and split there.
    private func furthestReachingSplit(
        _ box: Box,
        forwardRange: (min: Int, max: Int),
        backwardRange: (min: Int, max: Int)
    ) -> Split {
        let offset = diagonalOffset
        var forwardBest = -1, forwardBestX = -1
        var k = forwardRange.max
        while k >= forwardRange.min {
            var x = min(forward[k + offset], box.xHigh)
            var y = x - k
            if y > box.yHigh {
                x = box.yHigh + k
                y = box.yHigh
            }
            if x + y > forwardBest {
                forwardBest = x + y
                forwardBestX = x
            }
            k -= 2
        }

        var backwardBest = Int.max, backwardBestX = Int.max
        k = backwardRange.max
        while k >= backwardRange.min {
            var x = max(box.xLow, backward[k + offset])
            var y = x - k
            if y < box.yLow {
                x = box.yLow + k
                y = box.yLow
            }
            if x + y < backwardBest {
                backwardBest = x + y
                backwardBestX = x
            }
            k -= 2
        }

        if (box.xHigh + box.yHigh) - backwardBest < forwardBest - (box.xLow + box.yLow) {
            return Split(x: forwardBestX, y: forwardBest - forwardBestX,
                         lowNeedsMinimal: true, highNeedsMinimal: false)
        }
        return Split(x: backwardBestX, y: backwardBest - backwardBestX,
                     lowNeedsMinimal: false, highNeedsMinimal: true)
    }
}
