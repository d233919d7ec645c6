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

/// <summary>
/// Writes <c>{"cards": [...]}</c>: empty arrays and absent values are left out, never <c>null</c>. Property names are
/// encoded once.
/// </summary>
public static class CardWriter
{
    private static readonly JsonEncodedText Cards = JsonEncodedText.Encode("cards");
    private static readonly JsonEncodedText UuidName = JsonEncodedText.Encode("uuid");
    private static readonly JsonEncodedText SummaryName = JsonEncodedText.Encode("summary");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText IndicatorName = JsonEncodedText.Encode("indicator");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText LabelName = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText TopicName = JsonEncodedText.Encode("topic");
    private static readonly JsonEncodedText SuggestionsName = JsonEncodedText.Encode("suggestions");
    private static readonly JsonEncodedText ActionsName = JsonEncodedText.Encode("actions");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText DescriptionName = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText ResourceIdName = JsonEncodedText.Encode("resourceId");
    private static readonly JsonEncodedText SelectionBehaviorName = JsonEncodedText.Encode("selectionBehavior");
    private static readonly JsonEncodedText AtMostOne = JsonEncodedText.Encode("at-most-one");
    private static readonly JsonEncodedText OverrideReasonsName = JsonEncodedText.Encode("overrideReasons");
    private static readonly JsonEncodedText SystemName = JsonEncodedText.Encode("system");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("display");

    public static void Write(Utf8JsonWriter w, IReadOnlyList<Card> cards)
    {
        w.WriteStartObject();
        w.WriteStartArray(Cards);
        foreach (var card in cards)
        {
            w.WriteStartObject();
            w.WriteString(UuidName, card.Uuid);
            w.WriteString(SummaryName, card.Summary);
            if (card.Detail.Length > 0) w.WriteString(DetailName, card.Detail);
            w.WriteString(IndicatorName, card.Indicator);
            w.WriteStartObject(SourceName);
            w.WriteString(LabelName, card.Source.Label);
            w.WriteString(UrlName, card.Source.Url);
            w.WritePropertyName(TopicName);
            Coding(w, card.Source.Topic);
            w.WriteEndObject();
            if (!card.Suggestions.IsEmpty)
            {
                w.WriteStartArray(SuggestionsName);
                foreach (var s in card.Suggestions)
                {
                    w.WriteStartObject();
                    w.WriteString(LabelName, s.Label);
                    w.WriteString(UuidName, s.Uuid);
                    w.WriteStartArray(ActionsName);
                    foreach (var a in s.Actions)
                    {
                        w.WriteStartObject();
                        w.WriteString(TypeName, a.Type);
                        w.WriteString(DescriptionName, a.Description);
                        w.WriteString(ResourceIdName, a.ResourceId);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString(SelectionBehaviorName, AtMostOne);
            }

            if (!card.OverrideReasons.IsEmpty)
            {
                w.WriteStartArray(OverrideReasonsName);
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
        w.WriteString(SystemName, c.System);
        w.WriteString(CodeName, c.Code);
        if (!string.IsNullOrEmpty(c.Display)) w.WriteString(DisplayName, c.Display);
        w.WriteEndObject();
    }
}
