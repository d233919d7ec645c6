using System.Collections.Concurrent;
using BackCare.CdsHooks.Cards;

namespace BackCare.CdsHooks.Tests;

/// <summary>Card and suggestion uuids: their layout, their rule, and no repeats across the per-thread random blocks.</summary>
public sealed class CardIdsTests
{
    [Fact]
    public void A_card_uuid_names_its_rule_and_is_version_8()
    {
        var ids = new CardIds(["opioid_benzodiazepine", "beers_benzodiazepine"]);
        var uuid = CardIds.New("beers_benzodiazepine");
        Guid.TryParseExact(uuid, "D", out _).ShouldBeTrue();
        uuid[14].ShouldBe('8');
        "89ab".ShouldContain(uuid[19]);
        ids.RuleOf(uuid).ShouldBe("beers_benzodiazepine");
        ids.RuleOf(CardIds.NewRandom()).ShouldBeNull();
    }

    [Fact]
    public void A_suggestion_uuid_is_version_4()
    {
        var uuid = CardIds.NewRandom();
        Guid.TryParseExact(uuid, "D", out _).ShouldBeTrue();
        uuid[14].ShouldBe('4');
        "89ab".ShouldContain(uuid[19]);
    }

    [Fact]
    public void Uuids_never_repeat_across_blocks_and_threads()
    {
        // Several blocks per thread, on several threads at once: a byte handed out twice would repeat a uuid.
        var seen = new ConcurrentDictionary<string, bool>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                seen.TryAdd(CardIds.NewRandom(), true).ShouldBeTrue();
                seen.TryAdd(CardIds.New("opioid_benzodiazepine"), true).ShouldBeTrue();
            }
        });
        seen.Count.ShouldBe(8000);

        // The random part of the card uuids is not constant (the first 32 bits are the rule's hash).
        seen.Keys.Where(k => k[14] == '8').Select(k => k[9..]).Distinct().Count().ShouldBe(4000);
    }
}
