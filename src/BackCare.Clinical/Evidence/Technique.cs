using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

public enum TechniqueKind
{
    Breathing,
    Relaxation,
    Mindfulness,
    Exercise,
    SelfCare,
    Sleep,
}

/// <summary>Seconds per breathing phase, for the pacer.</summary>
public sealed record BreathingPattern(int Inhale, int HoldIn, int Exhale, int HoldOut)
{
    public int CycleSeconds => Inhale + HoldIn + Exhale + HoldOut;
}

/// <summary>A self-care technique or exercise with steps, cautions and honest evidence.</summary>
public sealed record Technique(
    string Id,
    string Name,
    TechniqueKind Kind,
    int DurationMinutes,
    BreathingPattern? Pattern,
    ImmutableArray<string> Activities,
    ImmutableArray<string> Steps,
    ImmutableArray<string> Cautions,
    Statement Evidence,
    ImmutableArray<string> Sources);
