"""Use cases. Each public function takes the Database and the acting user, checks permissions,
runs one transaction and returns plain values (dataclasses), never ORM objects."""
