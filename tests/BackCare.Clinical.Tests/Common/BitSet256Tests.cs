using BackCare.Clinical.Common;
using CsCheck;

namespace BackCare.Clinical.Tests.Common;

/// <summary>The bit set of the medication and triage indexes behaves as a set of 0..255, across its four words.</summary>
public sealed class BitSet256Tests
{
    [Fact]
    public void Bits_in_every_word_are_kept_listed_in_order_and_counted()
    {
        int[] bits = [0, 1, 63, 64, 127, 128, 191, 192, 255];
        var set = bits.Aggregate(BitSet256.Empty, (s, b) => s.With(b));
        set.Bits().ShouldBe(bits);
        set.Count.ShouldBe(bits.Length);
        set.First().ShouldBe(0);
        foreach (var b in bits) set.Contains(b).ShouldBeTrue();
        set.Contains(2).ShouldBeFalse();
        set.Contains(200).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => BitSet256.Of(256));
    }

    [Fact]
    public void Set_operations_agree_with_a_hash_set()
    {
        var sets = Gen.Int[0, BitSet256.Capacity - 1].Array[0, 40];
        Gen.Select(sets, sets).Sample((a, b) =>
        {
            var x = a.Aggregate(BitSet256.Empty, (s, i) => s.With(i));
            var y = b.Aggregate(BitSet256.Empty, (s, i) => s.With(i));
            (x & y).Bits().ShouldBe(a.Intersect(b).Order());
            (x | y).Bits().ShouldBe(a.Union(b).Order());
            (x & ~y).Bits().ShouldBe(a.Except(b).Order());
            x.IsEmpty.ShouldBe(a.Length == 0);
            var rest = x;
            var taken = new List<int>();
            int bit;
            while ((bit = BitSet256.TakeLowest(ref rest)) >= 0) taken.Add(bit);
            taken.ShouldBe(a.Distinct().Order());
            rest.IsEmpty.ShouldBeTrue();
        });
    }
}
