using System.Collections.Immutable;
using System.Text.Json;

namespace BackCare.CdsHooks.Cards;

public sealed record Coding(string System, string Code, string? Display);

public sealed record CardSource(string Label, string Url, Coding Topic);

public sealed record CardAction(string Type, string Description, string ResourceId);

public sealed record Suggestion(string Label, string Uuid, ImmutableArray<CardAction> Actions);

/// <summary>A CDS Hooks card. <see cref="Rule"/> and <see cref="Rank"/> are BackCare's, not sent.</summary>
public sealed record Card(
    string Uuid,
    string Summary,
    string Detail,
    string Indicator,
    CardSource Source,
    ImmutableArray<Suggestion> Suggestions,
    ImmutableArray<Coding> OverrideReasons,
    string Rule,
    int Rank);

/// <summary>Writes <c>{"cards": [...]}</c>: empty arrays and absent values are left out, never <c>null</c>.</summary>
public static class CardWriter
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<Card> cards)
    {
        w.WriteStartObject();
        w.WriteStartArray("cards");
        foreach (var card in cards)
        {
            w.WriteStartObject();
            w.WriteString("uuid", card.Uuid);
            w.WriteString("summary", card.Summary);
            if (card.Detail.Length > 0) w.WriteString("detail", card.Detail);
            w.WriteString("indicator", card.Indicator);
            w.WriteStartObject("source");
            w.WriteString("label", card.Source.Label);
            w.WriteString("url", card.Source.Url);
            w.WritePropertyName("topic");
            Coding(w, card.Source.Topic);
            w.WriteEndObject();
            if (!card.Suggestions.IsEmpty)
            {
                w.WriteStartArray("suggestions");
                foreach (var s in card.Suggestions)
                {
                    w.WriteStartObject();
                    w.WriteString("label", s.Label);
                    w.WriteString("uuid", s.Uuid);
                    w.WriteStartArray("actions");
                    foreach (var a in s.Actions)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", a.Type);
                        w.WriteString("description", a.Description);
                        w.WriteString("resourceId", a.ResourceId);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("selectionBehavior", "at-most-one");
            }

            if (!card.OverrideReasons.IsEmpty)
            {
                w.WriteStartArray("overrideReasons");
                foreach (var r in card.OverrideReasons) Coding(w, r);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Coding(Utf8JsonWriter w, Coding c)
    {
        w.WriteStartObject();
        w.WriteString("system", c.System);
        w.WriteString("code", c.Code);
        if (!string.IsNullOrEmpty(c.Display)) w.WriteString("display", c.Display);
        w.WriteEndObject();
    }
}
