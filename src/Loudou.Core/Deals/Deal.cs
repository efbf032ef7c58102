using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Deals;

/// <summary>A lead or opportunity moving through a pipeline.</summary>
/// <remarks>
/// State changes go through methods that keep the invariants: the current stage belongs to the
/// deal's pipeline, every stage change appends a <see cref="StageTransition"/> (saved in the same
/// transaction as the change), an outcome stage sets <see cref="ClosedAt"/>, and only a Lost stage
/// carries a loss reason. <see cref="Version"/> is the concurrency token; storage increments it on
/// every saved change so a stale write is refused.
/// </remarks>
public sealed class Deal
{
    private readonly List<StageTransition> _history = [];
    private readonly List<DealProduct> _products = [];
    private readonly List<DealTag> _tags = [];
    private readonly List<CustomFieldValue> _fieldValues = [];
    private readonly List<ActionCompletion> _completions = [];

    private Deal(string name, int pipelineId, int stageId, string currency, DateTimeOffset? createdAt)
    {
        Name = name;
        PipelineId = pipelineId;
        StageId = stageId;
        Currency = currency;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    /// <summary>The system an imported deal came from, such as "maven-crm"; null for deals made here.</summary>
    public string? Source { get; private set; }

    /// <summary>The deal's id in <see cref="Source"/>; (Source, ExternalId) is unique, so a re-import updates.</summary>
    public string? ExternalId { get; private set; }

    public string Name { get; private set; }

    public int? AccountId { get; private set; }

    /// <summary>The main contact; more contacts hang off the account.</summary>
    public int? ContactId { get; private set; }

    public int? ChannelId { get; private set; }

    public int? OwnerId { get; private set; }

    /// <summary>The owner's team when the deal was assigned; kept so team figures survive a rep moving team.</summary>
    public int? TeamId { get; private set; }

    public decimal? Amount { get; private set; }

    public string Currency { get; private set; }

    /// <summary>
    /// Win probability 0..1 (docs/glossary.md, "Probability"): 1 in a Won stage and 0 in a Lost one, always; in an open
    /// stage the one set by hand (<see cref="ManualProbability"/>), else the stage's default. Kept up to date by every
    /// stage change, and stored, so that weighted sums are a plain query.
    /// </summary>
    public double Probability { get; private set; }

    /// <summary>The probability a person set by hand; null while the deal follows its stage's default.</summary>
    /// <remarks>Kept when the deal closes, so that a deal re-opened goes back to the person's figure.</remarks>
    public double? ManualProbability { get; private set; }

    /// <summary>When the deal was created; null when an imported record does not say.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>When the deal was last given to another owner; null while it has the owner it was created or imported with.</summary>
    /// <remarks>The first-response SLA runs again from here: the new owner has not answered yet.</remarks>
    public DateTimeOffset? AssignedAt { get; private set; }

    public DateOnly? ExpectedClose { get; private set; }

    public int PipelineId { get; private set; }

    public int StageId { get; private set; }

    public int? LossReasonId { get; private set; }

    /// <summary>When the deal entered its Won or Lost stage; null while open or when unknown.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>The history rows loaded or added in this unit of work (all of them for a new deal).</summary>
    public IReadOnlyList<StageTransition> History => _history;

    public IReadOnlyList<DealProduct> Products => _products;

    public IReadOnlyList<DealTag> Tags => _tags;

    public IReadOnlyList<CustomFieldValue> FieldValues => _fieldValues;

    public IReadOnlyList<ActionCompletion> Completions => _completions;

    /// <summary>Amount × probability; computed, never stored.</summary>
    public decimal? WeightedAmount => Amount * (decimal)Probability;

    /// <summary>Creates a deal in a stage (the pipeline's first by default) and records its first history row.</summary>
    /// <param name="enteredAt">When it entered that stage; defaults to <paramref name="createdAt"/>.</param>
    public static Deal Create(
        string name,
        Pipeline pipeline,
        string currency,
        DateTimeOffset? createdAt,
        int? byUserId,
        TransitionSource source,
        Stage? stage = null,
        DateTimeOffset? enteredAt = null)
    {
        stage ??= pipeline.FirstStage;
        CheckStageOf(pipeline.Id, stage);
        var deal = new Deal(Guard.Required(name, "name"), pipeline.Id, stage.Id, Guard.Currency(currency, "currency"), createdAt);
        deal.FollowStage(stage);
        var at = enteredAt ?? createdAt;
        if (!stage.IsOpen)
        {
            deal.ClosedAt = at;
        }
        deal._history.Add(StageTransition.Enter(stage.Id, at, byUserId, source));
        return deal;
    }

    /// <summary>Moves the deal to another stage of its pipeline and appends the history row.</summary>
    /// <returns>False when the deal is already in that stage (nothing is recorded; a new loss reason is kept).</returns>
    /// <remarks>
    /// Gate checks (required actions and fields) are policy and live with the callers that enforce
    /// them; see <see cref="MissingToLeave"/>. Moving from an outcome back to an open stage re-opens
    /// the deal: the close date and loss reason are cleared, the history keeps both moves. A move is
    /// the newest event of a deal: it may not be dated before a history row already loaded, and a
    /// move made here (App, Api) must be dated. History from another system that arrives out of
    /// order goes through <see cref="RecordPastEntry"/>.
    /// </remarks>
    public bool MoveTo(Stage stage, DateTimeOffset? at, int? byUserId, TransitionSource source, LossReason? lossReason = null)
    {
        CheckStageOf(PipelineId, stage);
        if (lossReason is not null && stage.Kind != StageKind.Lost)
        {
            Guard.Throw("lossReason", $"a loss reason is only recorded when moving to a lost stage, not to '{stage.Key}'.");
        }
        if (at is null && source is TransitionSource.App or TransitionSource.Api)
        {
            Guard.Throw("at", "a stage move made in Loudou must say when it happened.");
        }
        if (at is not null && _history.Find(r => r.EnteredAt > at) is { } later)
        {
            Guard.Throw("at", $"the move at {at:O} is earlier than the deal's stage entry at {later.EnteredAt:O}; record past history as such, not as a move.");
        }
        if (stage.Id == StageId)
        {
            if (lossReason is not null)
            {
                LossReasonId = lossReason.Id;
            }
            return false;
        }
        StageId = stage.Id;
        ClosedAt = stage.IsOpen ? null : at;
        LossReasonId = stage.Kind == StageKind.Lost ? lossReason?.Id : null;
        FollowStage(stage);
        _history.Add(StageTransition.Enter(stage.Id, at, byUserId, source));
        return true;
    }

    /// <summary>Adds a history row from another system, in any order, and makes the deal's current stage the latest one.</summary>
    /// <remarks>
    /// For imports: rows arrive in whatever order the source has them, and some lack a time. After
    /// each row the current stage, close date and (for an open stage) loss reason follow the last
    /// step of <see cref="StageHistory.Order"/>, so the deal never disagrees with its history. The
    /// deal's whole history must be loaded (it is, for a deal created in this unit of work).
    /// </remarks>
    public void RecordPastEntry(Pipeline pipeline, Stage stage, DateTimeOffset? at, TransitionSource source)
    {
        CheckStageOf(PipelineId, stage);
        if (pipeline.Id != PipelineId)
        {
            Guard.Throw("pipeline", $"pipeline '{pipeline.Key}' is not this deal's pipeline.");
        }
        _history.Add(StageTransition.Enter(stage.Id, at, null, source));
        var last = StageHistory.Order(_history, pipeline)[^1];
        var current = pipeline.FindStage(last.StageId)!;
        StageId = current.Id;
        ClosedAt = current.IsOpen ? null : last.EnteredAt;
        if (current.Kind != StageKind.Lost)
        {
            LossReasonId = null;
        }
        FollowStage(current);
    }

    /// <summary>Changes the loss reason of a deal that is already lost.</summary>
    public void ChangeLossReason(Stage currentStage, LossReason? reason)
    {
        if (currentStage.Id != StageId || currentStage.Kind != StageKind.Lost)
        {
            Guard.Throw("lossReason", "only a lost deal has a loss reason.");
        }
        LossReasonId = reason?.Id;
    }

    public void Rename(string name) => Name = Guard.Required(name, "name");

    public void SetAmount(decimal? amount, string currency)
    {
        Amount = Guard.NonNegative(amount, "amount");
        Currency = Guard.Currency(currency, "currency");
    }

    /// <summary>Sets the probability by hand: the deal keeps it through stage moves until <see cref="FollowStageProbability"/>.</summary>
    /// <param name="currentStage">The deal's stage: a won or lost deal's probability is 1 or 0 and is not set by hand.</param>
    public void OverrideProbability(double probability, Stage currentStage)
    {
        var checkedProbability = Guard.Probability(probability, "probability");
        CheckCurrent(currentStage);
        if (!currentStage.IsOpen)
        {
            Guard.Throw("probability", $"the deal is {(currentStage.Kind == StageKind.Won ? "won: its probability is 1" : "lost: its probability is 0")}, not set by hand.");
        }
        ManualProbability = checkedProbability;
        FollowStage(currentStage);
    }

    /// <summary>Forgets a probability set by hand: the deal follows its stage's default again.</summary>
    public void FollowStageProbability(Stage currentStage)
    {
        CheckCurrent(currentStage);
        ManualProbability = null;
        FollowStage(currentStage);
    }

    /// <summary>The probability of a deal in a stage: 1 Won, 0 Lost, else the one set by hand or the stage's default.</summary>
    /// <remarks>The one rule; bulk writers (the demo) that build rows without a <see cref="Deal"/> call it too.</remarks>
    public static double ProbabilityIn(Stage stage, double? manual = null) => stage.Kind switch
    {
        StageKind.Won => 1,
        StageKind.Lost => 0,
        _ => manual ?? stage.DefaultProbability,
    };

    private void FollowStage(Stage stage) => Probability = ProbabilityIn(stage, ManualProbability);

    private void CheckCurrent(Stage stage)
    {
        if (stage.Id != StageId)
        {
            Guard.Throw("stage", $"stage '{stage.Key}' is not the deal's current stage.");
        }
    }

    public void SetExpectedClose(DateOnly? date) => ExpectedClose = date;

    /// <summary>Gives the deal to a user; the deal's team becomes the owner's team.</summary>
    /// <param name="at">When a person hands the deal over; a change of owner then restarts the first-response SLA. Null at creation and import.</param>
    public void AssignTo(User? owner, DateTimeOffset? at = null)
    {
        if (at is not null && owner?.Id != OwnerId)
        {
            AssignedAt = at;
        }
        OwnerId = owner?.Id;
        TeamId = owner?.TeamId;
    }

    public void LinkAccount(int? accountId, int? contactId)
    {
        AccountId = accountId;
        ContactId = contactId;
    }

    public void SetChannel(Channel? channel) => ChannelId = channel?.Id;

    /// <summary>Records where an imported deal came from, for idempotent re-import.</summary>
    public void LinkExternal(string source, string externalId)
    {
        Source = Guard.Required(source, "source", 50);
        ExternalId = Guard.Required(externalId, "externalId", 100);
    }

    /// <summary>Dates a deal whose creation time was unknown, or corrects it from a better source.</summary>
    public void SetCreatedAt(DateTimeOffset? createdAt) => CreatedAt = createdAt;

    public void SetProduct(Product product, decimal quantity, decimal? unitPrice)
    {
        if (quantity <= 0)
        {
            Guard.Throw("quantity", $"quantity must be positive, was {quantity}.");
        }
        Guard.NonNegative(unitPrice, "unitPrice");
        var line = _products.Find(p => p.ProductId == product.Id);
        if (line is null)
        {
            _products.Add(new DealProduct(product.Id, quantity, unitPrice));
        }
        else
        {
            line.Quantity = quantity;
            line.UnitPrice = unitPrice;
        }
    }

    public bool RemoveProduct(Product product) => _products.RemoveAll(p => p.ProductId == product.Id) > 0;

    public bool AddTag(Tag tag)
    {
        if (_tags.Exists(t => t.TagId == tag.Id))
        {
            return false;
        }
        _tags.Add(new DealTag(tag.Id));
        return true;
    }

    public bool RemoveTag(Tag tag) => _tags.RemoveAll(t => t.TagId == tag.Id) > 0;

    /// <summary>Sets or (with null or blank) clears a custom field's value, checked against its type.</summary>
    public void SetFieldValue(CustomField field, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            _fieldValues.RemoveAll(v => v.CustomFieldId == field.Id);
            return;
        }
        var value = field.Normalize(raw, out var error);
        if (value is null)
        {
            Guard.Throw(field.Key, error!);
        }
        var existing = _fieldValues.Find(v => v.CustomFieldId == field.Id);
        if (existing is null)
        {
            _fieldValues.Add(new CustomFieldValue(field.Id, value));
        }
        else
        {
            existing.Value = value;
        }
    }

    /// <summary>Marks a standard action of this deal's pipeline as done.</summary>
    /// <returns>False when it was already done (the first completion is kept).</returns>
    public bool CompleteAction(Stage stage, StageAction action, int? byUserId, DateTimeOffset at)
    {
        CheckStageOf(PipelineId, stage);
        if (!stage.Actions.Contains(action))
        {
            Guard.Throw("action", $"action '{action.Key}' is not an action of stage '{stage.Key}'.");
        }
        if (_completions.Exists(c => c.StageActionId == action.Id))
        {
            return false;
        }
        _completions.Add(new ActionCompletion(action.Id, byUserId, at));
        return true;
    }

    public bool UndoAction(StageAction action) => _completions.RemoveAll(c => c.StageActionId == action.Id) > 0;

    /// <summary>What the deal still lacks to leave a stage forwards: required actions not done and required fields empty.</summary>
    /// <remarks>Reads the loaded completions, products, tags and field values; load them first.</remarks>
    public StageGap MissingToLeave(Stage stage, IReadOnlyDictionary<string, CustomField> customFields)
    {
        var actions = stage.Actions
            .Where(a => a.Required && !_completions.Exists(c => c.StageActionId == a.Id))
            .Select(a => a.Key)
            .ToList();
        var fields = stage.RequiredFields.Where(f => !IsFilled(f, customFields)).ToList();
        return new StageGap(actions, fields);
    }

    private bool IsFilled(string field, IReadOnlyDictionary<string, CustomField> customFields) => field switch
    {
        DealFields.Account => AccountId is not null,
        DealFields.Contact => ContactId is not null,
        DealFields.Channel => ChannelId is not null,
        DealFields.Amount => Amount is not null,
        DealFields.ExpectedClose => ExpectedClose is not null,
        DealFields.Products => _products.Count > 0,
        DealFields.Tags => _tags.Count > 0,
        _ => customFields.TryGetValue(field, out var custom) && _fieldValues.Exists(v => v.CustomFieldId == custom.Id),
    };

    private static void CheckStageOf(int pipelineId, Stage stage)
    {
        if (stage.Id == 0 || stage.PipelineId != pipelineId)
        {
            Guard.Throw("stage", $"stage '{stage.Key}' is not a saved stage of this deal's pipeline.");
        }
    }
}

/// <summary>Required actions (by key) and required fields a deal lacks to leave a stage.</summary>
public sealed record StageGap(IReadOnlyList<string> Actions, IReadOnlyList<string> Fields)
{
    public bool IsEmpty => Actions.Count == 0 && Fields.Count == 0;
}
