using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dgdmn.Models;

/// <summary>
/// A model's parameters and their gradients as slices of two flat float32 buffers, so that an optimiser updates
/// all of them with one kernel per operation instead of one per parameter (issue 13, "a fused optimiser step").
/// </summary>
/// <remarks>
/// <para>
/// Creating one copies the parameters' values (and any gradients they hold) into two new contiguous buffers and
/// re-points every parameter and its <c>.grad</c> at its slice (<c>Tensor.set_</c> under <c>no_grad</c>). The
/// Parameter objects stay the same, so the module, <c>save</c>/<c>load</c> and everything else that holds them
/// keep working and see the values the optimiser writes. Backward accumulates into the gradient slices in place,
/// because libtorch adds into a defined <c>.grad</c> when it is not building a graph of the backward pass.
/// </para>
/// <para>
/// Parameters that an earlier instance already laid out in this order are adopted, not copied again, so every
/// optimiser over one model (a fresh one per <see cref="Trainer.Fit"/>, a kept one) shares the same buffers.
/// </para>
/// <para>
/// Every parameter has a gradient from the start (zeros until backward writes one). An optimiser therefore
/// updates a parameter that never received a gradient as with a zero gradient, where the per-parameter loop
/// skipped it: from zero state both leave the parameter and its state exactly as they were, and once a
/// parameter has had a gradient the old loop saw it zeroed, not missing, so the results are the same.
/// </para>
/// <para>
/// The layout breaks if gradients are released (<c>zero_grad(set_to_none: true)</c>: backward then makes new
/// ones outside the buffer) or a parameter is re-pointed or moved to another device; <see cref="EnsureIntact"/>
/// throws in either case instead of letting an optimiser silently update a stale copy.
/// </para>
/// </remarks>
internal sealed class FlatParameters : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly long[] _offsets, _sizes;
    private bool _disposed;

    /// <summary>Lays <paramref name="parameters"/> out in two flat buffers, or adopts the layout they already have.</summary>
    /// <param name="parameters">float32 parameters on one device, each once; they stay owned by their module.</param>
    public FlatParameters(IEnumerable<Parameter> parameters)
    {
        _parameters = parameters.ToArray();
        _offsets = new long[_parameters.Length];
        _sizes = new long[_parameters.Length];
        long count = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.dtype != ScalarType.Float32)
                throw new ArgumentException($"The kit's optimisers take float32 parameters; parameter {i} is {p.dtype}.", nameof(parameters));
            if (p.device_type != _parameters[0].device_type || p.device_index != _parameters[0].device_index)
                throw new ArgumentException($"Parameter {i} is on {p.device}, parameter 0 on {_parameters[0].device}: one optimiser updates one device.", nameof(parameters));
            _offsets[i] = count;
            _sizes[i] = p.numel();
            count += _sizes[i];
        }
        Count = count;
        ThrowOnSharedStorage();
        using (no_grad())
        {
            if (Adopted() is { } adopted) (Data, Grad) = adopted;
            else
            {
                var device = _parameters.Length > 0 ? _parameters[0].device : CPU;
                Data = zeros(count, device: device).DetachFromDisposeScope();
                Grad = zeros(count, device: device).DetachFromDisposeScope();
                LayOut();
            }
        }
    }

    /// <summary>The parameters, in the order of their slices.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Elements over all parameters.</summary>
    public long Count { get; }

    /// <summary>[<see cref="Count"/>] float32: every parameter's values, each a slice of this buffer.</summary>
    public Tensor Data { get; }

    /// <summary>[<see cref="Count"/>] float32: every parameter's gradient, each a slice of this buffer.</summary>
    public Tensor Grad { get; }

    /// <summary>A zero buffer shaped like <see cref="Data"/>, for optimiser state (in no dispose scope: the caller frees it).</summary>
    public Tensor NewState() => zeros_like(Data).DetachFromDisposeScope();

    /// <summary>
    /// Views of <paramref name="flat"/> (a buffer shaped like <see cref="Data"/>) with each parameter's shape, in
    /// order: the per-parameter tensors an optimiser's saved state has always held.
    /// </summary>
    /// <remarks>The views belong to the caller's dispose scope; writing into them writes into <paramref name="flat"/>.</remarks>
    public Tensor[] Split(Tensor flat) =>
        _parameters.Select((p, i) => flat.narrow(0, _offsets[i], _sizes[i]).view(p.shape)).ToArray();

    /// <summary>Zeroes every gradient: one kernel on <see cref="Grad"/>.</summary>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Grad.zero_();
    }

    /// <summary>
    /// Throws unless every parameter and its gradient are still their slices of <see cref="Data"/> and <see cref="Grad"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A gradient was released or replaced, or a parameter re-pointed or moved.</exception>
    public void EnsureIntact()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Count == 0) return;
        using var scope = NewDisposeScope();
        IntPtr data = StorageAddress(Data), grads = StorageAddress(Grad);
        long dataStart = Data.storage_offset(), gradStart = Grad.storage_offset();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_sizes[i] == 0) continue;
            var p = _parameters[i];
            if (!IsAt(p, data, dataStart + _offsets[i]))
                throw new InvalidOperationException($"Parameter {i} [{string.Join(", ", p.shape)}] is no longer in its optimiser's buffer " +
                    "(re-pointed, laid out again by an optimiser over another parameter list, or moved to another device); " +
                    "create the optimiser again after changing a model's parameters.");
            if (p.grad is not { } g || !IsAt(g, grads, gradStart + _offsets[i]))
                throw new InvalidOperationException($"The gradient of parameter {i} [{string.Join(", ", p.shape)}] is no longer in its optimiser's " +
                    "buffer; zero gradients with the optimiser's ZeroGrad, not zero_grad(set_to_none: true), which releases them.");
        }
    }

    /// <summary>Frees this object's handles on the buffers; the parameters keep their storage.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Data.Dispose();
        Grad.Dispose();
    }

    // Copies values and gradients into the buffers, then re-points each parameter and gradient at its slice.
    private void LayOut()
    {
        var slices = Split(Data);
        var gradSlices = Split(Grad);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            slices[i].copy_(p);
            using (var old = p.grad) if (old is not null) gradSlices[i].copy_(old);
            p.set_(slices[i]);
            p.grad = gradSlices[i];
            slices[i].Dispose();
            gradSlices[i].Dispose();
        }
    }

    // Flat views over the buffers of an earlier layout that holds exactly these parameters back to back, or null.
    private (Tensor Data, Tensor Grad)? Adopted()
    {
        if (Count == 0) return null;
        using var scope = NewDisposeScope();
        var first = _parameters[0];
        if (first.grad is not { } firstGrad) return null;
        IntPtr data = StorageAddress(first), grads = StorageAddress(firstGrad);
        long dataStart = first.storage_offset(), gradStart = firstGrad.storage_offset();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (!p.is_contiguous() || !IsAt(p, data, dataStart + _offsets[i])) return null;
            if (p.grad is not { } g || !g.is_contiguous() || !IsAt(g, grads, gradStart + _offsets[i])) return null;
        }
        return (first.detach().as_strided([Count], [1], dataStart).DetachFromDisposeScope(),
                firstGrad.as_strided([Count], [1], gradStart).DetachFromDisposeScope());
    }

    // Two entries that share storage (a parameter listed twice) would each claim a slice, and one would be stale.
    private void ThrowOnSharedStorage()
    {
        var seen = new HashSet<(IntPtr, long)>();
        for (int i = 0; i < _parameters.Length; i++)
            if (_sizes[i] > 0 && !seen.Add((StorageAddress(_parameters[i]), _parameters[i].storage_offset())))
                throw new ArgumentException($"Parameter {i} shares its memory with an earlier one; list each parameter once.", "parameters");
    }

    // Whether t starts at element `offset` of the storage at `address` (its shape is its own: set_ keeps it).
    private static bool IsAt(Tensor t, IntPtr address, long offset) =>
        StorageAddress(t) == address && t.storage_offset() == offset;

    private static IntPtr StorageAddress(Tensor t) => THSStorage_data_ptr(t.Handle);

    // Base address of a tensor's storage. TorchSharp 0.107 has no public way to ask whether two tensors share
    // storage; this export of its native library is what its own Storage class calls.
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSStorage_data_ptr(IntPtr tensor);
}
