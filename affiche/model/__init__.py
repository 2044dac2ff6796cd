"""The typed objects every stage after `load` works on: frozen, and located where they came from."""
