#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encoder's elementwise work (bias, GELU, LayerNorm, softmax) on eight floats at a
/// time. libm's scalar `expf`/`erff` would cost more than the matrix products around them;
/// these branch-free polynomials stay in vector registers. Only concrete SIMD8 operations
/// are used: generic SIMD helpers are not always inlined and then run lane by lane.
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
    /// relative error about 2e-7; inputs clamped to [-87, 88], so `-inf` gives ~1e-38.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        var clamped = x.replacing(with: -87, where: x .< -87)
        clamped = clamped.replacing(with: 88, where: clamped .> 88)
        // Round to nearest by adding 1.5 * 2^23: the sum's low mantissa bits hold n.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_65
        p = p * r + 0.5
        p = p * (r * r) + r + 1
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return p * unsafeBitCast((bits &+ 127) &<< 23, to: Vector.self)
    }

    /// GELU in BERT's exact form `x * Phi(x)`, `Phi(x) = (1 + erf(x / sqrt 2)) / 2`, erf by
    /// Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
    @inline(__always)
    static func gelu(_ x: Vector) -> Vector {
        let z = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vector.self) * 0.707_106_78
        let t = 1 / (1 + 0.327_591_1 * z)
        var poly = Vector(repeating: 1.061_405_429)
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        poly = poly * t
        let halfErf = 0.5 - 0.5 * poly * exp(-(z * z))  // erf(|x| / sqrt 2) / 2
        let cdf = (0.5 + halfErf).replacing(with: 0.5 - halfErf, where: x .< 0)
        return x * cdf
    }

    /// Scalar GELU for widths that are not a multiple of eight.
    @inline(__always)
    static func gelu(_ x: Float) -> Float { x * 0.5 * (1 + erff(x * 0.707_106_78)) }

    /// `rows[r] = gelu(rows[r])` for each of `count` rows of `width` (stride `width`).
    static func gelu(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        let total = count &* width
        let vectorEnd = total & ~7
        var j = 0
        while j < vectorEnd {
            store(gelu(load(rows + j)), rows + j)
            j &+= 8
        }
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
        let vectorEnd = count & ~7
        var maxVector = Vector(repeating: -.infinity)
        var j = 0
        while j < vectorEnd {
            let v = load(row + j)
            maxVector = maxVector.replacing(with: v, where: v .> maxVector)
            j &+= 8
        }
        var maximum = -Float.infinity
        for lane in 0..<8 { maximum = Swift.max(maximum, maxVector[lane]) }
        while j < count {
            maximum = Swift.max(maximum, row[j])
            j &+= 1
        }
        let shift = Vector(repeating: maximum)
        var sum = Vector()
        j = 0
        while j < vectorEnd {
            let e = exp(load(row + j) - shift)
            store(e, row + j)
            sum += e
            j &+= 8
        }
        var total = horizontalSum(sum)
        if j < count {
            // The tail through the same polynomial, padded with lanes that are not stored.
            var v = Vector(repeating: -100)
            for lane in 0..<(count - j) { v[lane] = row[j + lane] - maximum }
            let e = exp(v)
            for lane in 0..<(count - j) {
                row[j + lane] = e[lane]
                total += e[lane]
            }
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
