/// The encoder's elementwise work (GELU, LayerNorm, softmax). libm's `expf`/`erff` would
/// cost more than the matrix products around them, so exp and erf are branch-free
/// polynomials. They are written on scalar `Float`s in plain loops, which the optimizer
/// vectorizes in release builds, and which stay fast in debug builds too (generic SIMD
/// operations run some twenty times slower there, and the tests run in debug). Sums use
/// SIMD8 accumulators, since the optimizer may not reorder a scalar float sum.
enum EncoderMath {
    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// `e^x` (Cephes `expf`: `2^n * e^r` with |r| <= ln2/2 and a degree-6 polynomial),
    /// relative error about 2e-7; inputs clamped to [-87, 88].
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        var clamped = x < -87 ? -87 : x
        clamped = clamped > 88 ? 88 : clamped
        // Round to nearest by adding 1.5 * 2^23: the sum's low mantissa bits hold n.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_65
        p = p * r + 0.5
        p = p * (r * r) + r + 1
        return p * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    }

    /// GELU in BERT's exact form `x * Phi(x)`, `Phi(x) = (1 + erf(x / sqrt 2)) / 2`, erf by
    /// Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), as PyTorch's vectorized erf.
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        let z = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF) * 0.707_106_78
        let t = 1 / (1 + 0.327_591_1 * z)
        var poly: Float = 1.061_405_429
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        poly = poly * t
        let halfErf = 0.5 - 0.5 * poly * exp(-(z * z))  // erf(|x| / sqrt 2) / 2
        return x * (x < 0 ? 0.5 - halfErf : 0.5 + halfErf)
    }

    /// `rows[r] = gelu(rows[r])` for each of `count` rows of `width` (stride `width`).
    static func gelu(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        let total = count &* width
        var j = 0
        while j < total {
            rows[j] = gelu(rows[j])
            j &+= 1
        }
    }

    /// Copies `values` into each of `count` rows of `width` at stride `stride`: a product's
    /// output is started at its bias and accumulated onto with `beta = 1`, which spares both
    /// OpenBLAS's zeroing pass and a separate bias pass.
    static func fillRows(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int, stride: Int, with values: UnsafePointer<Float>) {
        for row in 0..<count { (rows + row &* stride).update(from: values, count: width) }
    }

    /// Post-LN residual block: `out[r] = LayerNorm(input[r] + out[r])` with gain and shift over
    /// `width`, for `count` rows (both at stride `width`), as BERT's `BertSelfOutput` and
    /// `BertOutput` do (the projection's bias is already in `input`). With `input: nil` it
    /// normalizes `out` alone.
    static func residualLayerNorm(
        input: UnsafePointer<Float>?, out: UnsafeMutablePointer<Float>,
        count: Int, width: Int, gain: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        let vectorEnd = width & ~7
        let inverseWidth = 1 / Float(width)
        for row in 0..<count {
            let o = out + row &* width
            if let input {
                let x = input + row &* width
                var j = 0
                while j < vectorEnd {
                    store(load(x + j) + load(o + j), o + j)
                    j &+= 8
                }
                while j < width {
                    o[j] = x[j] + o[j]
                    j &+= 1
                }
            }
            var sum = Vector(), tail: Float = 0
            var j = 0
            while j < vectorEnd {
                sum += load(o + j)
                j &+= 8
            }
            while j < width {
                tail += o[j]
                j &+= 1
            }
            let mean = (horizontalSum(sum) + tail) * inverseWidth
            let meanVector = Vector(repeating: mean)
            var squares = Vector()
            var tailSquares: Float = 0
            j = 0
            while j < vectorEnd {
                let d = load(o + j) - meanVector
                squares += d * d
                j &+= 8
            }
            while j < width {
                let d = o[j] - mean
                tailSquares += d * d
                j &+= 1
            }
            let variance = (horizontalSum(squares) + tailSquares) * inverseWidth
            let scale = 1 / (variance + epsilon).squareRoot()
            let scaleVector = Vector(repeating: scale)
            j = 0
            while j < vectorEnd {
                store((load(o + j) - meanVector) * scaleVector * load(gain + j) + load(shift + j), o + j)
                j &+= 8
            }
            while j < width {
                o[j] = (o[j] - mean) * scale * gain[j] + shift[j]
                j &+= 1
            }
        }
    }

    /// The numerator of a softmax over one row of `count` floats, in place: `e^(x - max)`.
    /// Returns the row's sum; the caller divides the (much narrower) product with V by it
    /// instead of normalizing the whole row.
    static func exponentiate(_ row: UnsafeMutablePointer<Float>, count: Int) -> Float {
        // Eight running maxima, which the optimizer packs into vector registers.
        var m0 = -Float.infinity, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0
        var j = 0
        while j &+ 8 <= count {
            m0 = row[j] > m0 ? row[j] : m0
            m1 = row[j &+ 1] > m1 ? row[j &+ 1] : m1
            m2 = row[j &+ 2] > m2 ? row[j &+ 2] : m2
            m3 = row[j &+ 3] > m3 ? row[j &+ 3] : m3
            m4 = row[j &+ 4] > m4 ? row[j &+ 4] : m4
            m5 = row[j &+ 5] > m5 ? row[j &+ 5] : m5
            m6 = row[j &+ 6] > m6 ? row[j &+ 6] : m6
            m7 = row[j &+ 7] > m7 ? row[j &+ 7] : m7
            j &+= 8
        }
        while j < count {
            m0 = row[j] > m0 ? row[j] : m0
            j &+= 1
        }
        m0 = m1 > m0 ? m1 : m0
        m2 = m3 > m2 ? m3 : m2
        m4 = m5 > m4 ? m5 : m4
        m6 = m7 > m6 ? m7 : m6
        m0 = m2 > m0 ? m2 : m0
        m4 = m6 > m4 ? m6 : m4
        let maximum = m4 > m0 ? m4 : m0
        j = 0
        while j < count {
            row[j] = exp(row[j] - maximum)
            j &+= 1
        }
        return sum(row, count: count)
    }

    /// Sum of `count` floats, eight lanes at a time.
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        let vectorEnd = count & ~7
        var lanes = Vector()
        var j = 0
        while j < vectorEnd {
            lanes += load(p + j)
            j &+= 8
        }
        var total = horizontalSum(lanes)
        while j < count {
            total += p[j]
            j &+= 1
        }
        return total
    }

    /// `row[0..<count] *= factor`.
    @inline(__always)
    static func scale(_ row: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
        let vectorEnd = count & ~7
        let f = Vector(repeating: factor)
        var j = 0
        while j < vectorEnd {
            store(load(row + j) * f, row + j)
            j &+= 8
        }
        while j < count {
            row[j] *= factor
            j &+= 1
        }
    }

    @inline(__always)
    static func horizontalSum(_ v: Vector) -> Float {
        let half = v.lowHalf + v.highHalf
        let quarter = half.lowHalf + half.highHalf
        return quarter[0] + quarter[1]
    }
}
