namespace BackCare.App.Diary;

/// <summary>One day's check-in. Pain is the one-tap answer; a technique marked done on a day without a check-in creates an entry without pain.</summary>
public sealed class DiaryEntryRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateOnly Date { get; set; }
    public int? Pain { get; set; }
    public int? Anxiety { get; set; }
    public double? SleepHours { get; set; }
    public int? ActivityMinutes { get; set; }
    public string? MedicinesTaken { get; set; }
    public string? Techniques { get; set; }
    public string? Triggers { get; set; }
    public string? Note { get; set; }
    public DateTime UpdatedAt { get; set; }
}
