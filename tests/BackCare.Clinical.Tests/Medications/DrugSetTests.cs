using BackCare.Clinical.Medications;
using CsCheck;

namespace BackCare.Clinical.Tests.Medications;

/// <summary>The medication index's bit set behaves as a set of 0..255, across its four words.</summary>
public sealed class DrugSetTests
{
    [Fact]
    public void Bits_in_every_word_are_kept_listed_in_order_and_counted()
    {
        int[] bits = [0, 1, 63, 64, 127, 128, 191, 192, 255];
        var set = bits.Aggregate(DrugSet.Empty, (s, b) => s.With(b));
        set.Bits().ShouldBe(bits);
        set.Count.ShouldBe(bits.Length);
        set.First().ShouldBe(0);
        foreach (var b in bits) set.Contains(b).ShouldBeTrue();
        set.Contains(2).ShouldBeFalse();
        set.Contains(200).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => DrugSet.Of(256));
    }

    [Fact]
    public void Set_operations_agree_with_a_hash_set()
    {
        var sets = Gen.Int[0, DrugSet.Capacity - 1].Array[0, 40];
        Gen.Select(sets, sets).Sample((a, b) =>
        {
            var x = a.Aggregate(DrugSet.Empty, (s, i) => s.With(i));
            var y = b.Aggregate(DrugSet.Empty, (s, i) => s.With(i));
            (x & y).Bits().ShouldBe(a.Intersect(b).Order());
            (x | y).Bits().ShouldBe(a.Union(b).Order());
            (x & ~y).Bits().ShouldBe(a.Except(b).Order());
            x.IsEmpty.ShouldBe(a.Length == 0);
            var rest = x;
            var taken = new List<int>();
            int bit;
            while ((bit = DrugSet.TakeLowest(ref rest)) >= 0) taken.Add(bit);
            taken.ShouldBe(a.Distinct().Order());
            rest.IsEmpty.ShouldBeTrue();
        });
    }
}
