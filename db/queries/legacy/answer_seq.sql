SELECT seq FROM chat_messages WHERE id = $1
