namespace ApiStudio.Engine.Scheduling;

/// <summary>The configuration section <c>ApiStudio:Scheduler</c>: how this host fires scheduled tasks and how much history it keeps.</summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "ApiStudio:Scheduler";

    /// <summary>False: this host fires no task on its schedule (run now still works); the other hosts fire them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Runs kept per task: the newest ones.</summary>
    public int KeepRuns { get; set; } = 100;

    /// <summary>Days a run is kept at most (0: as long as it is among the newest <see cref="KeepRuns"/>).</summary>
    public double KeepDays { get; set; } = 30;

    /// <summary>Seconds one run may take; then it is recorded as failed and no longer waited for.</summary>
    public double RunTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Seconds after its start a run still marked running counts as abandoned — its host died — so it no longer blocks a
    /// task that does not allow overlap (0: the run timeout plus a minute, since a live host ends every run by then).
    /// </summary>
    public double StaleAfterSeconds { get; set; }

    /// <summary>
    /// A host starting up fires, once, the latest fire time of each task it missed within this many seconds (when no host
    /// ran it); older ones are skipped. 0 turns that off.
    /// </summary>
    public double MisfireGraceSeconds { get; set; } = 60;

    /// <summary>Runs this host has going at once at most; a tick beyond them is recorded as skipped.</summary>
    public int MaxConcurrentRuns { get; set; } = 16;

    /// <summary>Bytes of a run's output (body, script result and log) kept in its history.</summary>
    public int OutputBytes { get; set; } = 4096;

    /// <summary>Seconds between two full readings of the tasks, besides the change announcements (a safety net).</summary>
    public double SyncSeconds { get; set; } = 60;

    /// <summary>The run timeout.</summary>
    public TimeSpan RunTimeout => TimeSpan.FromSeconds(RunTimeoutSeconds > 0 ? RunTimeoutSeconds : 300);

    /// <summary>Age after which a running run is abandoned.</summary>
    public TimeSpan StaleAfter => StaleAfterSeconds > 0 ? TimeSpan.FromSeconds(StaleAfterSeconds) : RunTimeout + TimeSpan.FromMinutes(1);
}
