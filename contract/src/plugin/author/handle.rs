//! What a pipeline passes between the actions it calls: handles on results, and keyed
//! collections of them (or of views).

/// The host's handle on a result a pipeline received or made: pass it to other actions, return
/// it as an output, or wait for it with [`ActionContext::view`](crate::plugin::ActionContext::view).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle {
    id: String,
    semantic_type: Option<String>,
}

impl Handle {
    /// A handle on the host's result `id`, of `semantic_type` where known.
    pub(crate) fn new(id: String, semantic_type: Option<String>) -> Self {
        Self { id, semantic_type }
    }

    /// The host's identifier of the result.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The semantic type of a pipeline's own input, e.g. `FeatureData[Sequence]`; `None` for
    /// a result of a call, which may not be made yet.
    pub fn semantic_type(&self) -> Option<&str> {
        self.semantic_type.as_deref()
    }
}

/// Keyed values in order: the elements of a `Collection[...]` (or `List[...]`) input or output.
///
/// ```
/// use qiime2_plugin::plugin::Collection;
/// let halves: Collection<Vec<i64>> = [("first", vec![1]), ("second", vec![2, 3])].into_iter().collect();
/// assert_eq!(halves.keys().collect::<Vec<_>>(), ["first", "second"]);
/// assert_eq!(halves.into_values().flatten().sum::<i64>(), 6);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection<T>(Vec<(String, T)>);

impl<T> Collection<T> {
    /// A collection of one element, keyed `key`.
    pub fn single(key: impl Into<String>, value: T) -> Self {
        Self(vec![(key.into(), value)])
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| key.as_str())
    }

    /// The elements, in order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, value)| value)
    }

    /// The elements, in order, without their keys.
    pub fn into_values(self) -> impl Iterator<Item = T> {
        self.0.into_iter().map(|(_, value)| value)
    }

    /// Each element changed by `f`, keys kept.
    pub fn map<U, E>(self, mut f: impl FnMut(T) -> Result<U, E>) -> Result<Collection<U>, E> {
        self.0
            .into_iter()
            .map(|(key, value)| Ok((key, f(value)?)))
            .collect()
    }

    /// `(key, element)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Into<String>, T> FromIterator<(K, T)> for Collection<T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        Self(iter.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<T> IntoIterator for Collection<T> {
    type Item = (String, T);
    type IntoIter = std::vec::IntoIter<(String, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
