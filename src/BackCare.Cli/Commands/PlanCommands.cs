using System.CommandLine;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Triage;

namespace BackCare.Cli.Commands;

/// <summary><c>backcare plan --input FILE|- [--progress FILE]</c> and <c>backcare progress --input FILE|-</c>.</summary>
public static class PlanCommands
{
    public static Command Plan(CliConsole console)
    {
        var json = CommonOptions.Json();
        var input = CommonOptions.Input();
        var progress = new Option<string?>("--progress") { Description = "A diary document (as for `backcare progress`) to move the plan forward" };
        var command = new Command("plan", "Build a tailored care plan from an assessment: {\"age\", \"durationWeeks\", \"findings\", \"answers\", ...}") { input, progress, json };
        command.SetAction(parse =>
        {
            var text = InputReader.Read(parse.GetValue(input), console);
            if (text.Error is { } unreadable) return Usage.Fail(console, unreadable);
            var (parsed, errors) = PlanInputJson.ParsePlan(text.Value!);
            if (parsed is null) return Usage.Fail(console, errors);
            ProgressResult? progressResult = null;
            if (parse.GetValue(progress) is { } progressPath)
            {
                var diary = ReadProgress(InputReader.Read(progressPath, console, "--progress"), "progress.");
                if (diary.Error is { } refused) return Usage.Fail(console, refused);
                progressResult = diary.Value;
            }

            var outcome = CarePlanEngine.Default.Build(parsed, progressResult);
            if (outcome.Plan is null) return Usage.Fail(console, outcome.Errors);
            if (parse.GetValue(json)) CliJson.Write(console.Out, PlanJson.ToJson(outcome.Plan, progressResult));
            else WritePlan(Terminal.For(console.Out), EmbeddedEvidence.Default, outcome.Plan);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Progress(CliConsole console)
    {
        var json = CommonOptions.Json();
        var input = CommonOptions.Input();
        var command = new Command("progress", "Is recovery on track? {\"durationWeeksAtBaseline\", \"entries\": [{\"date\", \"pain\", ...}]}") { input, json };
        command.SetAction(parse =>
        {
            var read = ReadProgress(InputReader.Read(parse.GetValue(input), console), "");
            if (read.Error is { } refused) return Usage.Fail(console, refused);
            var result = read.Value!;
            if (parse.GetValue(json))
            {
                CliJson.Write(console.Out, PlanJson.Progress(result));
                return ExitCodes.Success;
            }

            var output = Terminal.For(console.Out);
            output.MarkupLine(result.Escalate ? "[bold yellow]TIME TO SEE SOMEONE[/]" : result.OnTrack ? "[bold green]ON TRACK[/]" : "[bold]KEEP GOING[/]");
            if (result.PainChange is { } change) output.WriteLine($"Pain: {result.BaselinePain:0.#} -> {result.CurrentPain:0.#} out of 10 (change {change:+0.#;-0.#;0}), trend {result.Trend}.");
            foreach (var reason in result.Reasons) output.WriteLine($"- {reason.Text}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Parsed<ProgressResult> ReadProgress(Parsed<string> text, string prefix)
    {
        if (text.Error is { } unreadable) return unreadable;
        var (parsed, errors) = PlanInputJson.ParseProgress(text.Value!);
        if (parsed is null) return Usage.Combine(errors, prefix);
        return ProgressEngine.Default.Evaluate(parsed);
    }

    private static void WritePlan(Terminal output, EvidenceBase evidence, CarePlan plan)
    {
        var headline = plan.Disposition switch
        {
            Disposition.Emergency => "[bold white on red] EMERGENCY: GET HELP NOW [/]",
            Disposition.Urgent => "[bold black on yellow] URGENT: SEE A DOCTOR TODAY [/]",
            _ => "[bold]Your back-pain plan[/]",
        };
        output.MarkupLine(headline);
        if (plan.Risk is not null) output.WriteLine($"STarT Back risk group: {plan.Risk}");
        output.WriteLine();
        var n = 1;
        foreach (var step in plan.Steps)
        {
            output.MarkupLine($"[bold]{n++}. {Terminal.Escape(step.Title)}[/]");
            output.WriteLine($"   {step.Detail}");
            output.MarkupLine($"   [italic]Why for you:[/] {Terminal.Escape(step.Reason)}");
            if (step.Schedule is { } schedule)
            {
                foreach (var a in schedule.Activities) output.WriteLine($"   - {a.Name}: {a.Minutes} min on {string.Join(", ", a.Days)}");
                if (schedule.When is not null) output.WriteLine($"   When: {schedule.When}");
            }

            output.MarkupLine($"   [grey]Sources: {Terminal.Escape(evidence.Cite(step.Sources))}[/]");
        }

        output.WriteLine();
        output.WriteLine($"Review: in {plan.FollowUp.ReviewInDays} day(s), repeating {string.Join(", ", plan.FollowUp.ReassessWith)}.");
        output.MarkupLine("[bold]Get help if:[/]");
        foreach (var item in plan.SafetyNet) output.WriteLine($"- {item.Text}");
        foreach (var change in plan.Changes.Where(c => c.Change != "unchanged")) output.WriteLine($"Changed: {change.StepId} {change.Change}: {change.Reason}");
        _ = EnumNames.ToSnake(plan.Disposition);
    }
}

/// <summary>JSON shapes of plans and progress (public interface: extend, never rename).</summary>
internal static class PlanJson
{
    public static object ToJson(CarePlan plan, ProgressResult? progress) => new
    {
        disposition = EnumNames.ToSnake(plan.Disposition),
        risk = plan.Risk,
        steps = plan.Steps.Select(s => new
        {
            id = s.Id,
            category = s.Category,
            title = s.Title,
            detail = s.Detail,
            reason = s.Reason,
            sources = s.Sources,
            schedule = s.Schedule is null ? null : new
            {
                daysPerWeek = s.Schedule.DaysPerWeek,
                minutesPerDay = s.Schedule.MinutesPerDay,
                when = s.Schedule.When,
                activities = s.Schedule.Activities.Select(a => new { technique = a.Technique, name = a.Name, minutes = a.Minutes, days = a.Days }),
            },
            rule = s.Rule,
        }),
        followUp = new { reviewInDays = plan.FollowUp.ReviewInDays, reassessWith = plan.FollowUp.ReassessWith },
        safetyNet = plan.SafetyNet.Select(x => new { text = x.Text, sources = x.Sources }),
        triage = TriageCommand.ToJson(EmbeddedEvidence.Default, plan.Triage),
        scores = plan.Scores.OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => new
        {
            score = x.Value.Score,
            band = x.Value.Band,
            psychosocialScore = x.Value.PsychosocialScore,
            selfHarmRisk = x.Value.SelfHarmRisk,
        }),
        medicationFindings = plan.Medications?.Findings.Select(f => new
        {
            kind = EnumNames.ToSnake(f.Kind),
            severity = EnumNames.ToSnake(f.Severity),
            drugs = f.Drugs,
            summary = f.Summary,
            rule = f.Rule,
        }),
        changes = plan.Changes.Select(c => new { stepId = c.StepId, change = c.Change, reason = c.Reason }),
        progress = progress is null ? null : Progress(progress),
    };

    public static object Progress(ProgressResult p) => new
    {
        painChange = p.PainChange,
        clinicallyImportantImprovement = p.ClinicallyImportantImprovement,
        clinicallyImportantWorsening = p.ClinicallyImportantWorsening,
        trend = p.Trend,
        expected = p.Expected is null ? null : new
        {
            course = p.Expected.Course,
            weeksSinceBaseline = p.Expected.WeeksSinceBaseline,
            expectedPain = p.Expected.ExpectedPain,
            expectedLow = p.Expected.ExpectedLow,
            expectedHigh = p.Expected.ExpectedHigh,
            sources = p.Expected.Sources,
        },
        onTrack = p.OnTrack,
        escalate = p.Escalate,
        reasons = p.Reasons.Select(r => new { code = r.Code, text = r.Text, sources = r.Sources }),
        baselinePain = p.BaselinePain,
        currentPain = p.CurrentPain,
        rmdqChange = p.RmdqChange,
        pegChange = p.PegChange,
        daysWithEntries = p.DaysWithEntries,
        longestGapDays = p.LongestGapDays,
        insufficientData = p.InsufficientData,
    };
}
