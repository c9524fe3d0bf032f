// Optimistic concurrency (AIP-154): a resource's etag is its change number,
// and a write that names an etag proceeds only while it is current.
#pragma once

#include <cstdint>
#include <string>

namespace stylist {

// The etag of a row at change number `change`.
std::string EtagOf(std::int64_t change);

// The etag a write expects: the request's field when set, otherwise the
// REST If-Match header ("c12", "\"c12\"", W/"c12"; "*" or absent: none).
std::string ExpectedEtag(const std::string& field, const std::string& if_match);

// Throws ABORTED, naming `what`, when `expected` is set and differs from
// the etag of `current_change`.
void CheckEtag(const std::string& expected, std::int64_t current_change, const std::string& what);

}  // namespace stylist
